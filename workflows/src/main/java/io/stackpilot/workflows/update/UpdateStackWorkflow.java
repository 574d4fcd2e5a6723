package io.stackpilot.workflows.update;

import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** An in-place update to what the customer repo now says: safety backup, pull, migrate, recreate what changed. */
@WorkflowInterface
public interface UpdateStackWorkflow extends SteerableStack {

  String TYPE = "UpdateStack";

  @WorkflowMethod(name = TYPE)
  OperationResult update(StackRequest request);
}
