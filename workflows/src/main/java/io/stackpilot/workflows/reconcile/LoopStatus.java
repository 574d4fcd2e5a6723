package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import java.time.Instant;

/** What the GitOps loop shows: its state's name (search attribute, dashboard) and the text of its current details. */
final class LoopStatus {

  private LoopStatus() {}

  /**
   * The loop's state, the first that applies: paused, running, overdue backup, failed commit, drill, drift, a commit
   * waiting for its window, watching.
   */
  static String name(ReconcileState state, LoopRun running, Instant now) {
    if (state.paused()) {
      return ReconcileStatus.PAUSED;
    }
    if (running != null) {
      return running.stateName();
    }
    if (state.nightly().overdue()) {
      return ReconcileStatus.BACKUP_OVERDUE;
    }
    if (state.failed() != null) {
      return state.failed().rolledBack() ? ReconcileStatus.ROLLED_BACK : ReconcileStatus.WAITING_FOR_OPERATOR;
    }
    if (state.drills() != null && state.drills().failed()) {
      return ReconcileStatus.DRILL_FAILED;
    }
    if (DrillClock.overdue(state, now)) {
      return ReconcileStatus.DRILL_OVERDUE;
    }
    if (state.drift() != null) {
      return ReconcileStatus.DRIFTED;
    }
    if (state.pending() != null && ReconcileState.Pending.WINDOW.equals(state.pending().change())) {
      return ReconcileStatus.WAITING_FOR_WINDOW;
    }
    return ReconcileStatus.WATCHING;
  }

  /** The loop's current details in the Web UI: its state, what is applied and running, backups, drills, drift. */
  static String describe(String customer, ReconcileStatus s) {
    StringBuilder text = new StringBuilder("ReconcileStack of " + customer + ": " + s.state());
    if (s.appliedCommit() != null) {
      text.append("\napplied: commit ").append(StackNames.shortCommit(s.appliedCommit())).append(", release ")
          .append(s.release()).append(" on ").append(s.host());
    }
    if (s.running() != null) {
      text.append("\nrunning: ").append(s.running()).append(" as ").append(StackNames.operationId(customer));
    }
    if (s.pendingReason() != null) {
      text.append("\n").append(s.pendingReason());
    }
    text.append("\nlast backup: ").append(s.lastBackup() == null ? "none" : s.lastBackup() + " at " + s.lastBackupAt());
    if (s.nextBackupAt() != null) {
      text.append("; next at ").append(s.nextBackupAt());
    }
    if (s.lastDrill() != null) {
      text.append("\nlast drill: ").append(s.lastDrill()).append("; next at ").append(s.nextDrillAt());
    }
    if (s.drift() != null) {
      text.append("\ndrift since ").append(s.driftSince()).append(": ").append(s.drift())
          .append(s.driftRepairedAt() == null ? "" : " (repair started at " + s.driftRepairedAt() + ")");
    }
    if (s.lastError() != null) {
      text.append("\nlast error: ").append(s.lastError());
    }
    return text.toString();
  }
}
