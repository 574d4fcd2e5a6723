package io.stackpilot.workflows.install;

import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A new installation, from the newest backup of the customer (or the one the input names), else the release's
 * vanilla backup.
 */
@WorkflowInterface
public interface InstallStackWorkflow extends SteerableStack {

  String TYPE = "InstallStack";

  @WorkflowMethod(name = TYPE)
  OperationResult install(InstallRequest request);
}
