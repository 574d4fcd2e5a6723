package io.stackpilot.workflows.api;

import java.util.List;

/**
 * The answer of the {@code status} query: where a run is, and what an operator can do about it. {@code takesBackup}:
 * the waiting step restores a backup, and a retry may name another one; {@code offeredBackup}: the one its failure
 * offers (the previous complete backup), or null.
 */
public record StackStatus(
    String operation,
    String customer,
    String state,
    String step,
    int stepNumber,
    int totalSteps,
    String lastError,
    boolean skippable,
    boolean takesBackup,
    String offeredBackup,
    List<String> nextActions,
    String commit,
    String release,
    String host,
    String startedAt,
    List<StepRecord> steps) {

  public static final String RUNNING = "Running";
  public static final String NEEDS_ATTENTION = "NeedsAttention";
  public static final String COMPLETED = "Completed";
  public static final String FAILED = "Failed";
  public static final String ABORTED = "Aborted";
}
