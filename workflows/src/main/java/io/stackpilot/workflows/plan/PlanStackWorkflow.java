package io.stackpilot.workflows.plan;

import io.stackpilot.workflows.api.PlanResult;
import io.stackpilot.workflows.api.StackRequest;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A dry run: what the stack's host would change to match a commit of the customer repo. Reads only, so it does
 * not hold the stack and runs under its own workflow id, beside any operation.
 */
@WorkflowInterface
public interface PlanStackWorkflow {

  String TYPE = "PlanStack";

  @WorkflowMethod(name = TYPE)
  PlanResult plan(StackRequest request);
}
