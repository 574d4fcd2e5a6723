package io.stackpilot.workflows.steps;

import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.StackStatus;
import java.util.List;

/** Routes the steering calls of every operation to its runbook. */
public abstract class SteerableStackWorkflow implements SteerableStack {

  protected Runbook runbook;

  /** Starts this run's runbook with its declared steps; its host steps wait as long as the request's timeouts say. */
  protected StackSteps begin(String type, List<Step> steps, String hostPickupTimeout, String heartbeatTimeout) {
    runbook = new Runbook(type, steps);
    return new StackSteps(runbook, Inputs.hostTimeouts(hostPickupTimeout, heartbeatTimeout));
  }

  @Override
  public StackStatus status() {
    if (runbook == null) {
      return new StackStatus(null, null, StackStatus.RUNNING, "starting", 0, 0, null, false, false, null, List.of(), null, null,
          null, null, List.of());
    }
    return runbook.status();
  }

  @Override
  public String decide(Decision decision) {
    return runbook.decide(decision);
  }

  @Override
  public void validateDecide(Decision decision) {
    if (runbook == null) {
      throw new IllegalStateException("the run has not started a step yet");
    }
    runbook.validate(decision);
  }

  @Override
  public void retry() {
    signal(Decision.retry());
  }

  @Override
  public void skip() {
    signal(Decision.skip());
  }

  @Override
  public void abort(String reason) {
    signal(Decision.abort(reason));
  }

  private void signal(Decision decision) {
    if (runbook != null) {
      runbook.signal(decision);
    }
  }
}
