package io.stackpilot.workflows.plan;

import io.stackpilot.failures.FailureType;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DataPlan;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.PlanResult;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.steps.DataOperations;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.StackActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class PlanStackWorkflowImpl implements PlanStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";
  /** From this version on the plan also asks for its data operations: migrations, backup, downtime. */
  static final String DATA_PLAN = "data-plan";

  @Override
  public PlanResult plan(StackRequest request) {
    Inputs.present(request, EXAMPLE);
    DesiredState desired = StackActivities.fetchDesiredState(Inputs.repo(request.repo(), EXAMPLE), Inputs.ref(request.ref()));
    String host = desired.stack().host();
    StackActivities.HostTimeouts timeouts = Inputs.hostTimeouts(request.hostPickupTimeout(), request.heartbeatTimeout());
    Duration pickup = timeouts.pickup();
    HostPlan plan;
    DataPlan data = null;
    BackupRef restoring = null;
    boolean installed;
    try {
      plan = StackActivities.onHost(StackActivities.PLAN_SERVICES, host, "plan " + desired.stack().customer() + " on "
          + host, timeouts).planServices(desired);
      installed = !plan.present().isEmpty();
      if (Workflow.getVersion(DATA_PLAN, Workflow.DEFAULT_VERSION, 1) >= 1) {
        if (!installed) {
          restoring = StackActivities.control(StackActivities.FIND_NEWEST_BACKUP, "find the newest backup of "
              + desired.stack().customer()).findNewestBackup(desired.stack().backup().store(), desired.stack().customer());
          if (restoring != null && restoring.binlog() != null
              && Workflow.getVersion("plan-point-in-time", Workflow.DEFAULT_VERSION, 1) == 1) {
            restoring = StackActivities.control(StackActivities.PLAN_RECOVERY, "plan the recovery of "
                + desired.stack().customer()).planRecovery(desired.stack().backup().store(), desired.stack().customer(),
                restoring.id(), null);
          }
        }
        data = StackActivities.onHost(StackActivities.PLAN_DATA, host, "plan the data of " + desired.stack().customer()
            + " on " + host, timeouts).planData(desired, restoring == null ? null : restoring.schemaVersion());
      }
    } catch (ActivityFailure e) {
      if (Failures.noWorkerPickedUp(e)) {
        throw FailureType.HOST_AGENT_ABSENT.failure(Failures.noHostAgent("the plan", host, pickup));
      }
      throw e;
    }
    if (data == null) {
      return new PlanResult(desired.stack().customer(), desired.commit(), desired.stack().release(), host, plan.changes(),
          plan.changesNothing(), null, null, null, null, null);
    }
    List<String> restarts = plan.restarts();
    return new PlanResult(desired.stack().customer(), desired.commit(), desired.stack().release(), host, plan.changes(),
        plan.changesNothing(), data.pendingMigrations(), DataOperations.backup(installed, restoring, desired),
        plan.imagesToPull(), restarts, DataOperations.downtime(installed, restoring, data, restarts));
  }
}
