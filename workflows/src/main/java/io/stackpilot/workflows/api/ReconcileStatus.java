package io.stackpilot.workflows.api;

/**
 * The answer of ReconcileStack's {@code status} query: what is applied, what the repo asks for next and why,
 * the operation running, the backups, drills, drift (how the host differs from the applied commit; null: it matches),
 * and the repo and ref the loop follows; then the same figures as numbers, for the fleet's metrics: the last backup's
 * size and how long writing it took, the last drill's time, verdict, RTO and RPO (null: not known), and how many of the
 * operations the loop ran failed; the commit it holds as failed or rolled back from, and the labels of the applied
 * stack.yaml (what a rollout selects by).
 */
public record ReconcileStatus(
    String customer,
    String state,
    boolean paused,
    String pausedReason,
    String appliedCommit,
    String release,
    String host,
    String running,
    String lastOperation,
    String lastOutcome,
    String pendingChange,
    String pendingReason,
    String lastBackup,
    String lastBackupAt,
    String nextBackupAt,
    String backupNote,
    String lastPollAt,
    String lastError,
    String drift,
    String driftSince,
    String driftRepairedAt,
    String lastDrill,
    String nextDrillAt,
    String repo,
    String ref,
    Long lastBackupBytes,
    Long lastBackupSeconds,
    String lastDrillAt,
    Boolean lastDrillPassed,
    Long lastDrillRtoSeconds,
    Long lastDrillRpoSeconds,
    long operationsFailed,
    String failedCommit,
    java.util.Map<String, String> labels) {

  public ReconcileStatus {
    labels = labels == null ? java.util.Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
  }

  public static final String WATCHING = "Watching";
  public static final String APPLYING = "Applying";
  public static final String BACKING_UP = "BackingUp";
  public static final String PAUSED = "Paused";
  /** The operator rolled the stack back; the commit it was rolled back from waits for a new commit. */
  public static final String ROLLED_BACK = "RolledBack";
  public static final String WAITING_FOR_OPERATOR = "WaitingForOperator";
  public static final String BACKUP_OVERDUE = "BackupOverdue";
  /** The host differs from the applied commit: something was changed outside Stackpilot. */
  public static final String DRIFTED = "Drifted";
  public static final String DRILLING = "Drilling";
  /** The last drill failed: recovery is not proven until one passes. */
  public static final String DRILL_FAILED = "DrillFailed";
  /** A drill stack.yaml asks for did not run for a whole interval. */
  public static final String DRILL_OVERDUE = "DrillOverdue";
  /** A commit that restarts services waits for a maintenance window of stack.yaml. */
  public static final String WAITING_FOR_WINDOW = "WaitingForWindow";
  /** Every state a loop reports. */
  public static final java.util.List<String> STATES = java.util.List.of(WATCHING, APPLYING, BACKING_UP, PAUSED, ROLLED_BACK,
      WAITING_FOR_OPERATOR, BACKUP_OVERDUE, DRIFTED, DRILLING, DRILL_FAILED, DRILL_OVERDUE, WAITING_FOR_WINDOW);

  /** The status of the loop of {@code customer} in {@code state}; {@code running}: the operation it waits for. */
  public static ReconcileStatus of(String customer, String stateName, ReconcileState state, String running,
      String backupNote, String repo, String ref) {
    ReconcileState.Applied applied = state.applied();
    ReconcileState.Outcome last = state.last();
    ReconcileState.Pending pending = state.pending();
    ReconcileState.Nightly nightly = state.nightly();
    ReconcileState.Drills drills = state.drills();
    return new ReconcileStatus(customer, stateName, state.paused(), state.pausedReason(),
        applied == null ? null : applied.commit(), applied == null ? null : applied.stack().release(),
        applied == null ? null : applied.stack().host(), running,
        last == null ? null : last.operation(), last == null ? null : last.outcome(),
        pending == null ? null : pending.change(), pending == null ? null : pending.reason(),
        nightly.lastBackup(), nightly.lastBackupAt(), nightly.nextAt(), backupNote,
        state.poll().lastPollAt(), state.poll().lastError(),
        state.drift() == null ? null : state.drift().reason(), state.drift() == null ? null : state.drift().since(),
        state.drift() == null ? null : state.drift().repairedAt(),
        drill(state.drills()), state.drills() == null ? null : state.drills().nextAt(), repo, ref,
        nightly.lastBackupBytes(), nightly.lastBackupSeconds(), drills == null ? null : drills.lastAt(),
        drills == null ? null : !drills.failed(), drills == null ? null : drills.rtoSeconds(),
        drills == null ? null : drills.rpoSeconds(), last == null ? 0 : last.failures(),
        state.failed() == null ? null : state.failed().commit(), applied == null ? null : applied.stack().labels());
  }

  /** "passed at …: backup …, RTO 35 s, RPO 7200 s" or "failed at …: why". */
  private static String drill(ReconcileState.Drills d) {
    if (d == null) {
      return null;
    }
    return d.failed() ? d.outcome().replaceFirst("^failed", "failed at " + d.lastAt())
        : "passed at " + d.lastAt() + ": backup " + d.backupId() + ", RTO " + d.rtoSeconds() + " s, RPO "
            + d.rpoSeconds() + " s";
  }
}
