package io.stackpilot.workflows.api;

/**
 * What an operator is told outside Temporal: {@code event} (attention, failed, completed, backupOverdue, drillFailed,
 * rolloutWave) of {@code customer}'s {@code operation} (a fleet rollout's: customer {@code fleet}), in one line of {@code text} that names no secret, with the run it belongs to.
 * {@code id} is the same for every attempt to send one event, so that it is sent once.
 */
public record Notification(String id, String event, String customer, String operation, String text, String workflowId,
    String runId, String at) {

  public static final String ATTENTION = "attention";
  public static final String FAILED = "failed";
  public static final String COMPLETED = "completed";
  public static final String BACKUP_OVERDUE = "backupOverdue";
  public static final String DRILL_FAILED = "drillFailed";
  /** A fleet rollout starts a wave. */
  public static final String ROLLOUT_WAVE = "rolloutWave";
  public static final java.util.List<String> EVENTS = java.util.List.of(ATTENTION, FAILED, COMPLETED, BACKUP_OVERDUE,
      DRILL_FAILED, ROLLOUT_WAVE);
}
