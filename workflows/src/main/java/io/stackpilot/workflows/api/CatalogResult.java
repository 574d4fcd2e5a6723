package io.stackpilot.workflows.api;

import java.util.List;

/**
 * A customer's backup store as it is: every backup, newest first, complete or not; and the verification of one of
 * them when it was asked for (otherwise null).
 */
public record CatalogResult(String customer, String store, List<BackupEntry> backups, BackupVerification verified) {

  public CatalogResult {
    backups = backups == null ? List.of() : List.copyOf(backups);
  }
}
