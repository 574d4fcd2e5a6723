package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.activities.HostStack;
import io.stackpilot.workflows.api.PlanResult;
import io.stackpilot.workflows.api.StackRequest;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;

public class PlanStackWorkflowImpl implements PlanStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";

  @Override
  public PlanResult plan(StackRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    String ref = Inputs.ref(request.ref());
    DesiredState desired = StackActivities.desiredState("fetch " + ref + " of " + repo).fetchDesiredState(repo, ref);
    String host = desired.stack().host();
    Duration pickup = Inputs.hostPickup(request.hostPickupTimeout());
    HostPlan plan;
    try {
      plan = StackActivities.host(host, "PlanServices", "plan " + desired.stack().customer() + " on " + host, pickup)
          .planServices(HostStack.of(desired));
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof TimeoutFailure t && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        throw ApplicationFailure.newNonRetryableFailure("no host agent picked up the plan within " + pickup
            + ": is the host agent for '" + host + "' running and polling task queue host-" + host + "?", "HostAgentAbsent");
      }
      throw e;
    }
    return new PlanResult(desired.stack().customer(), desired.commit(), desired.stack().release(), host, plan.changes(),
        plan.changesNothing());
  }
}
