package io.stackpilot.workflows.steps;

import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/** What every stack operation answers to: the status query, the decide update, and the steering signals. */
public interface SteerableStack {

  @QueryMethod
  StackStatus status();

  /** Retry, skip or abort the step that needs attention; refused unless a step is waiting for it. */
  @UpdateMethod
  String decide(Decision decision);

  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(Decision decision);

  @SignalMethod
  void retry();

  @SignalMethod
  void skip();

  @SignalMethod
  void abort(String reason);
}
