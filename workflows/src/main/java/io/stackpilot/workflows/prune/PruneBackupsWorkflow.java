package io.stackpilot.workflows.prune;

import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.PruneRequest;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Prunes a customer's backup store by its stack.yaml's {@code backup.keep}, as the stack's operation: no install,
 * restore or drill reads a backup while it runs. The nightly BackupStack prunes after each backup; this is the same
 * step on its own ({@code stackctl backups prune}).
 */
@WorkflowInterface
public interface PruneBackupsWorkflow extends SteerableStack {

  String TYPE = "PruneBackups";

  @WorkflowMethod(name = TYPE)
  OperationResult prune(PruneRequest request);
}
