package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackRequest;

public class InstallStackWorkflowImpl extends SteerableStackWorkflow implements InstallStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";

  @Override
  public OperationResult install(StackRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    runbook = new Runbook(TYPE, 1 + StackSteps.INSTALL_STEPS);
    StackSteps steps = new StackSteps(runbook,
        Inputs.hostPickup(request.hostPickupTimeout()));

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    StackSteps.Installed installed = steps.install(desired);

    runbook.completed();
    return Results.of(TYPE, desired, desired.stack().host(), installed.backup().id(), null,
        installed.migration(), installed.apply(), runbook.steps());
  }
}
