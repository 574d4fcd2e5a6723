package io.stackpilot.workflows.api;

/**
 * The answer of ReconcileStack's {@code status} query: what is applied, what the repo asks for next and why,
 * the operation running, and the backups.
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
    String lastError) {

  public static final String WATCHING = "Watching";
  public static final String APPLYING = "Applying";
  public static final String BACKING_UP = "BackingUp";
  public static final String PAUSED = "Paused";
  public static final String WAITING_FOR_OPERATOR = "WaitingForOperator";
  public static final String BACKUP_OVERDUE = "BackupOverdue";
}
