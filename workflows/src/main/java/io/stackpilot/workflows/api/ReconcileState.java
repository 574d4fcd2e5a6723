package io.stackpilot.workflows.api;

import io.stackpilot.model.StackSpec;

/**
 * What the reconcile loop knows and carries across continue-as-new: the state it last applied, the commit whose
 * operation failed (not retried until a new commit or an operator's retry), pause, and the last good backup.
 */
public record ReconcileState(
    String appliedCommit,
    StackSpec applied,
    String lastOperation,
    String lastOutcome,
    String failedCommit,
    String failedReason,
    boolean paused,
    String pausedReason,
    String lastBackup,
    String lastBackupAt,
    String nextBackupAt,
    boolean backupDue,
    String backupNote) {

  public static ReconcileState initial() {
    return new ReconcileState(null, null, null, null, null, null, false, null, null, null, null, false, null);
  }
}
