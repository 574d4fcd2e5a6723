package io.stackpilot.workflows.install;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Results;
import io.stackpilot.workflows.steps.StackSteps;
import io.stackpilot.workflows.steps.SteerableStackWorkflow;
import io.stackpilot.workflows.steps.Step;
import java.util.List;

public class InstallStackWorkflowImpl extends SteerableStackWorkflow implements InstallStackWorkflow {

  public static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";
  public static final List<Step> STEPS = Step.concat(List.of(Step.RESOLVE), Step.INSTALL);

  @Override
  public OperationResult install(InstallRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    String until = Inputs.until(request.until());
    StackSteps steps = begin(TYPE, STEPS, request.hostPickupTimeout(), request.heartbeatTimeout());

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    StackSteps.Installed installed = steps.install(desired, StackSteps.Seed.named(request.backup(), until), false);

    runbook.completed();
    return Results.installed(Results.of(TYPE, desired, desired.stack().host(), runbook), installed).build();
  }
}
