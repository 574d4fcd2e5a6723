package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostStack;
import io.stackpilot.workflows.activities.MigrationResult;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackRequest;
import java.time.Duration;

public class UpdateStackWorkflowImpl extends SteerableStackWorkflow implements UpdateStackWorkflow {

  @Override
  public OperationResult update(StackRequest request) {
    Inputs.present(request, InstallStackWorkflowImpl.EXAMPLE);
    String repo = Inputs.repo(request.repo(), InstallStackWorkflowImpl.EXAMPLE);
    runbook = new Runbook(TYPE, 7);
    Duration pickup = Inputs.hostPickup(request.hostPickupTimeout());
    StackSteps steps = new StackSteps(runbook, pickup);

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    String host = desired.stack().host();
    // MariaDB DDL is not transactional: a failed migration can leave the schema half changed.
    BackupRef safety = runbook.skippableStep("safety backup",
        () -> steps.backup(desired, host, pickup));
    runbook.step("prepare host", () -> steps.host(host, "PrepareHost",
        "prepare " + desired.stack().customer() + " on " + host).prepareHost(HostStack.of(desired)));
    runbook.step("pull images", () -> steps.host(host, "PullImages",
        "pull the images of release " + desired.stack().release() + " on " + host).pullImages(HostStack.of(desired)));
    MigrationResult migration = steps.migrate(desired);
    ApplyResult apply = steps.startServices(desired);
    steps.verifyHealth(desired);

    runbook.completed();
    return Results.of(TYPE, desired, host, null, safety == null ? null : safety.id(), migration, apply,
        runbook.steps());
  }
}
