package io.stackpilot.workflows.rollout;

import io.stackpilot.workflows.api.RolloutRequest;
import io.stackpilot.workflows.api.RolloutStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A release brought to a fleet in waves (workflow id {@code rollout-<id>}): for each wave, a commit into each stack's
 * repo that its reconcile loop applies inside its maintenance window, then health and a soak before the next wave.
 * Failures beyond the budget halt it for the operator, who resumes, skips a stack or aborts (which reverts the commits
 * of stacks that have not applied theirs yet).
 */
@WorkflowInterface
public interface RolloutReleaseWorkflow {

  String TYPE = "RolloutRelease";

  @WorkflowMethod(name = TYPE)
  RolloutStatus rollout(RolloutRequest request);

  /** Starts no further wave until resumed; the running wave goes on. */
  @SignalMethod(name = "pause")
  void pause(String reason);

  /** Goes on after a pause or a halt; the failures so far are accepted. */
  @SignalMethod(name = "resume")
  void resume();

  /** Gives up a stack that has not settled: it counts neither as healthy nor as failed. */
  @SignalMethod(name = "skip")
  void skip(String customer);

  /** Stops: commits of stacks that have not applied theirs yet are reverted, later waves are not written. */
  @SignalMethod(name = "abort")
  void abort(String reason);

  @QueryMethod(name = "status")
  RolloutStatus status();
}
