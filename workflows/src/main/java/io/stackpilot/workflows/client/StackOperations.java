package io.stackpilot.workflows.client;

import io.stackpilot.workflows.api.StackSearchAttributes;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;

/**
 * Starts operations on stacks the one way that keeps them safe: workflow id {@code stack-<customer>} with the
 * conflict policy fail, so a stack runs one operation at a time and a second one is refused, naming the first.
 */
public final class StackOperations {

  private final WorkflowClient client;

  public StackOperations(WorkflowClient client) {
    this.client = client;
  }

  /** Starts {@code type} (InstallStack, UpdateStack, MigrateStack, BackupStack) on the stack of {@code customer}. */
  public WorkflowStub start(String type, String customer, Object input, String summary) {
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.operationId(customer))
        .setTaskQueue(StackNames.TASK_QUEUE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setStaticSummary(summary)
        .setTypedSearchAttributes(SearchAttributes.newBuilder().set(StackSearchAttributes.CUSTOMER, customer).build())
        .build();
    WorkflowStub stub = client.newUntypedWorkflowStub(type, options);
    try {
      stub.start(input);
      return stub;
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw busy(customer, e);
    }
  }

  private StackBusyException busy(String customer, WorkflowExecutionAlreadyStarted e) {
    WorkflowExecution running = e.getExecution();
    String what = "an operation";
    try {
      WorkflowExecutionDescription d = client.newUntypedWorkflowStub(running.getWorkflowId()).describe();
      what = d.getWorkflowType() + " (run " + running.getRunId() + ", started " + d.getExecutionTime() + ")";
    } catch (RuntimeException describeFailed) {
      e.addSuppressed(describeFailed);
    }
    return new StackBusyException("stack " + customer + " is busy: " + what + " is running as " + running.getWorkflowId()
        + ". Wait for it, or steer it: stackctl status|retry|skip|abort " + customer, e);
  }
}
