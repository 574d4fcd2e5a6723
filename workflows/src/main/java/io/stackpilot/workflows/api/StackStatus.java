package io.stackpilot.workflows.api;

import java.util.List;

/** The answer of the {@code status} query: where a run is, and what an operator can do about it. */
public record StackStatus(
    String operation,
    String customer,
    String state,
    String step,
    int stepNumber,
    int totalSteps,
    String lastError,
    boolean skippable,
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
