package io.stackpilot.workflows.api;

/**
 * Input of BackupStack: the customer repo, and why the backup is taken (nightly, manual, ...), for the record.
 * {@code hostPickupTimeout} and {@code heartbeatTimeout} as in {@link StackRequest}.
 */
public record BackupRequest(String repo, String ref, String reason, String hostPickupTimeout, String heartbeatTimeout)
    implements OperatorInput {

  public BackupRequest(String repo, String ref, String reason) {
    this(repo, ref, reason, null, null);
  }
}
