package io.stackpilot.workflows.api;

/** One step of a run as it ended: done, skipped by the operator, or how many attempts it took. */
public record StepRecord(String name, String outcome, int attempts, long durationMillis, String note) {

  public static final String DONE = "done";
  public static final String SKIPPED = "skipped";
}
