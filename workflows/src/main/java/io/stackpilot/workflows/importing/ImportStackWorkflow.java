package io.stackpilot.workflows.importing;

import io.stackpilot.workflows.api.ImportRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An installation Stackpilot did not create, brought in: its dump and files, read on a host, checked, and written
 * into the customer's store as a backup of kind import, manifest last. The next install takes it as the newest.
 */
@WorkflowInterface
public interface ImportStackWorkflow extends SteerableStack {

  String TYPE = "ImportStack";

  @WorkflowMethod(name = TYPE)
  OperationResult importInstallation(ImportRequest request);
}
