package io.stackpilot.workflows.api;

import java.util.List;

/**
 * A customer's backup store as it is: every backup, newest first, complete or not; the verification of one of
 * them when it was asked for (otherwise null); and, when stack.yaml sets {@code backup.keep}, which backups pruning
 * keeps and why and what it would delete now ({@code retention}, a dry run; otherwise null).
 */
public record CatalogResult(String customer, String store, List<BackupEntry> backups, BackupVerification verified,
    PruneResult retention) {

  public CatalogResult {
    backups = backups == null ? List.of() : List.copyOf(backups);
  }

  public CatalogResult(String customer, String store, List<BackupEntry> backups, BackupVerification verified) {
    this(customer, store, backups, verified, null);
  }
}
