package io.stackpilot.workflows.backup;

import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A backup: dump and archive on the host, upload, verify, and the manifest last. */
@WorkflowInterface
public interface BackupStackWorkflow extends SteerableStack {

  String TYPE = "BackupStack";

  @WorkflowMethod(name = TYPE)
  OperationResult backup(BackupRequest request);
}
