package io.stackpilot.workflows.prune;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.PruneRequest;
import io.stackpilot.workflows.api.PruneResult;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Results;
import io.stackpilot.workflows.steps.StackSteps;
import io.stackpilot.workflows.steps.SteerableStackWorkflow;
import io.stackpilot.workflows.steps.Step;
import java.util.List;

public class PruneBackupsWorkflowImpl extends SteerableStackWorkflow implements PruneBackupsWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";
  public static final List<Step> STEPS = List.of(Step.RESOLVE, Step.PRUNE);

  @Override
  public OperationResult prune(PruneRequest request) {
    Inputs.present(request, EXAMPLE);
    StackSteps steps = begin(TYPE, STEPS, null, null);

    DesiredState desired = steps.resolve(Inputs.repo(request.repo(), EXAMPLE), Inputs.ref(request.ref()));
    PruneResult pruned = runbook.run(Step.PRUNE, () -> steps.prune(desired, List.of()));

    runbook.completed();
    return Results.of(TYPE, desired, desired.stack().host(), runbook).pruned(pruned).build();
  }
}
