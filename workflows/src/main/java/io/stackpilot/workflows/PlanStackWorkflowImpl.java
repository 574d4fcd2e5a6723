package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.FailureType;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.PlanResult;
import io.stackpilot.workflows.api.StackRequest;
import io.temporal.failure.ActivityFailure;
import java.time.Duration;

public class PlanStackWorkflowImpl implements PlanStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";

  @Override
  public PlanResult plan(StackRequest request) {
    Inputs.present(request, EXAMPLE);
    DesiredState desired = StackActivities.fetchDesiredState(Inputs.repo(request.repo(), EXAMPLE), Inputs.ref(request.ref()));
    String host = desired.stack().host();
    StackActivities.HostTimeouts timeouts = Inputs.hostTimeouts(request.hostPickupTimeout(), request.heartbeatTimeout());
    Duration pickup = timeouts.pickup();
    HostPlan plan;
    try {
      plan = StackActivities.onHost(StackActivities.PLAN_SERVICES, host, "plan " + desired.stack().customer() + " on "
          + host, timeouts).planServices(desired);
    } catch (ActivityFailure e) {
      if (Failures.noWorkerPickedUp(e)) {
        throw FailureType.HOST_AGENT_ABSENT.failure(Failures.noHostAgent("the plan", host, pickup));
      }
      throw e;
    }
    return new PlanResult(desired.stack().customer(), desired.commit(), desired.stack().release(), host, plan.changes(),
        plan.changesNothing());
  }
}
