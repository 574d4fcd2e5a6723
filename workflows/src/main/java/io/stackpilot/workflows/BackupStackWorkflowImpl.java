package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.OperationResult;
import java.time.Duration;

public class BackupStackWorkflowImpl extends SteerableStackWorkflow implements BackupStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"reason\":\"manual\"}";

  @Override
  public OperationResult backup(BackupRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    runbook = new Runbook(TYPE, 4);
    Duration pickup = Inputs.hostPickup(request.hostPickupTimeout());
    StackSteps steps = new StackSteps(runbook, pickup);

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    String host = desired.stack().host();
    BackupParts parts = runbook.step("dump and upload",
        () -> steps.uploadParts(desired, host, pickup));
    runbook.step("verify parts", () -> steps.verifyParts(parts));
    BackupRef written = runbook.step("write manifest", () -> steps.writeManifest(parts));

    runbook.completed();
    return Results.of(TYPE, desired, host, null, written.id(), null, null, runbook.steps());
  }
}
