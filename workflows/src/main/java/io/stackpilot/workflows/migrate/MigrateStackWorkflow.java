package io.stackpilot.workflows.migrate;

import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Out of place: disaster recovery, moving hosts, out-of-place update. A final backup on the old host when it
 * answers, the install steps on the new host from the newest backup, then the old stack is stopped.
 */
@WorkflowInterface
public interface MigrateStackWorkflow extends SteerableStack {

  String TYPE = "MigrateStack";

  @WorkflowMethod(name = TYPE)
  OperationResult migrate(MigrateRequest request);
}
