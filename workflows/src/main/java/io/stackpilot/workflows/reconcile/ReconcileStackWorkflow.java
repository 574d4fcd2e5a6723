package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.RolledBack;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The GitOps loop of one stack, workflow id {@code reconcile-<customer>}: follows the customer repo, starts the
 * operation a new commit asks for (as the stack's own workflow, stack-&lt;customer&gt;), takes the nightly backup, and
 * says when the newest backup is too old. Runs until terminated, continuing as new to keep its history short.
 */
@WorkflowInterface
public interface ReconcileStackWorkflow {

  String TYPE = "ReconcileStack";

  @WorkflowMethod(name = TYPE)
  void reconcile(ReconcileRequest request);

  /** Look at the repo now (a git webhook can send this), instead of at the next poll. */
  @SignalMethod(name = "sync")
  void sync();

  /** Stop starting operations and backups until resumed; a running operation goes on. */
  @SignalMethod(name = "pause")
  void pause(String reason);

  @SignalMethod(name = "resume")
  void resume();

  /** The operator's decision to try the commit whose operation failed once more. */
  @SignalMethod(name = "retry")
  void retry();

  /**
   * Apply the commit that waits for a maintenance window now ({@code by}: who asks, for the record); a commit that
   * waits for nothing is applied as usual.
   */
  @SignalMethod(name = "applyNow")
  void applyNow(String by);

  /**
   * Sent by a rollback when it is done: the stack runs an earlier commit again, and the commit it was rolled back
   * from is not applied until a new commit arrives or the operator retries it.
   */
  @SignalMethod(name = "rolledBack")
  void rolledBack(RolledBack notice);

  @QueryMethod(name = "status")
  ReconcileStatus status();
}
