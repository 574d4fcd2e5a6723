package io.stackpilot.client;

import io.stackpilot.workflows.plan.PlanStackWorkflow;
import io.stackpilot.workflows.api.PlanResult;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;

/** What applying a commit would change on its host, without changing anything: a PlanStack run. */
public final class Plans {

  private final WorkflowClient client;

  public Plans(WorkflowClient client) {
    this.client = client;
  }

  /** The plan of {@code ref} of {@code repo}; a failed run is thrown as Temporal's WorkflowFailedException. */
  public PlanResult plan(String customer, String repo, String ref, String hostTimeout) {
    PlanStackWorkflow plan = client.newWorkflowStub(PlanStackWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.planId(customer, System.currentTimeMillis()))
        .setTaskQueue(StackNames.TASK_QUEUE)
        .setWorkflowExecutionTimeout(Duration.ofMinutes(15))
        .setStaticSummary("plan " + customer + " at " + ref + " of " + repo)
        .build());
    return plan.plan(new StackRequest(repo, ref, hostTimeout, null));
  }
}
