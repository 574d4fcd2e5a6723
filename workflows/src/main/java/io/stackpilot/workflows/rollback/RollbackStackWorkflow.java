package io.stackpilot.workflows.rollback;

import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.RollbackRequest;
import io.stackpilot.workflows.api.RolledBack;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Undoes an update in place, images and data together: the commit, release and configuration that ran when the
 * safety backup was taken come back with that backup's data, once the operator accepted losing the writes since.
 */
@WorkflowInterface
public interface RollbackStackWorkflow extends SteerableStack {

  String TYPE = RolledBack.OPERATION;

  @WorkflowMethod(name = TYPE)
  OperationResult rollback(RollbackRequest request);
}
