package io.stackpilot.workflows.api;

import java.util.List;

/**
 * What pruning a customer's backup store did, or would do ({@code dryRun}): every complete backup with why it is
 * kept ({@code backups}, newest first), the backups deleted, the leftovers of interrupted backups (and of pruning
 * interrupted before) deleted, the bytes that freed, what the store refused to delete, with its reason, and the
 * archived binary log segments deleted ({@code lineage/file}) because no kept backup can replay them any more.
 */
public record PruneResult(String customer, String store, boolean dryRun, List<BackupRetention> backups,
    List<String> deleted, List<String> leftoversDeleted, long bytesFreed, List<String> refused,
    List<String> segmentsDeleted) {

  public PruneResult {
    segmentsDeleted = segmentsDeleted == null ? List.of() : List.copyOf(segmentsDeleted);
    backups = backups == null ? List.of() : List.copyOf(backups);
    deleted = deleted == null ? List.of() : List.copyOf(deleted);
    leftoversDeleted = leftoversDeleted == null ? List.of() : List.copyOf(leftoversDeleted);
    refused = refused == null ? List.of() : List.copyOf(refused);
  }

  /** One line for a step's note and the notification. */
  public String summary() {
    long kept = backups.stream().filter(BackupRetention::kept).count();
    String verb = dryRun ? "would delete " : "deleted ";
    return verb + deleted.size() + " backup" + (deleted.size() == 1 ? "" : "s") + " and " + leftoversDeleted.size()
        + " leftover" + (leftoversDeleted.size() == 1 ? "" : "s")
        + (segmentsDeleted.isEmpty() ? "" : " and " + segmentsDeleted.size() + " binary log segment"
            + (segmentsDeleted.size() == 1 ? "" : "s")) + " (" + ByteSizes.human(bytesFreed) + "), kept "
        + kept + (refused.isEmpty() ? "" : "; the store refused " + refused.size() + ": " + String.join("; ", refused));
  }
}
