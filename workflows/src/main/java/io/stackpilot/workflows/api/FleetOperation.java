package io.stackpilot.workflows.api;

/**
 * A stack's newest operation as the fleet index keeps it: what a run reported the last time its state or step changed.
 *
 * @param status how Temporal sees the run: running, completed, failed (also aborted), terminated, timed-out, canceled
 * @param state the run's own state: Running, NeedsAttention, Completed, Failed or Aborted
 * @param stepNumber 0 before the first step
 */
public record FleetOperation(String operation, String runId, String status, String state, String step, int stepNumber,
    int totalSteps, String release, String host, String startedAt) {

  /** "3/9 pull images", or null before the first step and after the run completed. */
  public String stepLine() {
    return stepNumber == 0 || StackStatus.COMPLETED.equals(state) ? null : stepNumber + "/" + totalSteps + " " + step;
  }

  /** The state, also for a run that ended without saying one (terminated, timed out): Failed. */
  public String stateOrEnd() {
    if (state != null) {
      return state;
    }
    return switch (status == null ? "" : status) {
      case "running" -> StackStatus.RUNNING;
      case "completed" -> StackStatus.COMPLETED;
      default -> StackStatus.FAILED;
    };
  }
}
