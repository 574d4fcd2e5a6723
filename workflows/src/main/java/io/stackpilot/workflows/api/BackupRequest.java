package io.stackpilot.workflows.api;

/**
 * Input of BackupStack: the customer repo, and why the backup is taken (nightly, manual, ...), for the record.
 * {@code hostPickupTimeout} as in {@link StackRequest}.
 */
public record BackupRequest(String repo, String ref, String reason, String hostPickupTimeout) {

  public BackupRequest(String repo, String ref, String reason) {
    this(repo, ref, reason, null);
  }
}
