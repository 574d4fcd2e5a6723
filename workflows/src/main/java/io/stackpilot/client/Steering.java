package io.stackpilot.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.util.function.Consumer;

/**
 * Steers a stack's runs: a decision on the step that needs attention, a signal to its reconcile loop. Who asks is the
 * client's identity, which Temporal records with each update and signal in the run's history.
 */
public final class Steering {

  /** What came of a request: done (the workflow's answer) or refused (why, for the operator). */
  public record Outcome(boolean done, String message) {}

  private final WorkflowClient client;

  public Steering(WorkflowClient client) {
    this.client = client;
  }

  /** Sends {@code decision} to the running operation of {@code customer} through the validated update. */
  public Outcome decide(String customer, Decision decision) {
    WorkflowStub run = client.newUntypedWorkflowStub(StackNames.operationId(customer));
    WorkflowExecutionStatus status;
    try {
      status = run.describe().getStatus();
    } catch (WorkflowNotFoundException e) {
      return new Outcome(false, StackNames.operationId(customer) + " has never run");
    }
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return new Outcome(false, "no operation is running on " + StackNames.operationId(customer) + "; its last run is "
          + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase());
    }
    try {
      return new Outcome(true, run.update("decide", String.class, decision));
    } catch (WorkflowUpdateException e) {
      return new Outcome(false, Failures.rootMessage(e));
    }
  }

  /** Signals the reconcile loop of {@code customer} when it runs ({@code what} names the signal in the answer). */
  public Outcome signalLoop(String customer, String what, Consumer<ReconcileStackWorkflow> send) {
    WorkflowStub stub = client.newUntypedWorkflowStub(StackNames.reconcileId(customer));
    WorkflowExecutionStatus status;
    try {
      status = stub.describe().getStatus();
    } catch (WorkflowNotFoundException e) {
      return loopNotRunning(customer);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return loopNotRunning(customer);
      }
      throw e;
    }
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return loopNotRunning(customer);
    }
    send.accept(client.newWorkflowStub(ReconcileStackWorkflow.class, StackNames.reconcileId(customer)));
    return new Outcome(true, what + " sent to " + StackNames.reconcileId(customer));
  }

  private static Outcome loopNotRunning(String customer) {
    return new Outcome(false, StackNames.reconcileId(customer) + " is not running; start it with stackctl reconcile start "
        + customer + " --repo <url>");
  }
}
