package io.stackpilot.cli;

import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.client.StackOperations;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.util.Objects;

/** Follows a stack's run: prints each step as it starts, attention when it is needed, and the outcome. */
final class Follow {

  private final WorkflowClient client;
  private final PrintWriter out;

  Follow(WorkflowClient client, PrintWriter out) {
    this.client = client;
    this.out = out;
  }

  int follow(String customer) {
    WorkflowStub run = client.newUntypedWorkflowStub(StackOperations.workflowId(customer));
    String last = null;
    while (true) {
      WorkflowExecutionStatus status = run.describe().getStatus();
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return outcome(run);
      }
      StackStatus s = run.query("status", StackStatus.class);
      String line = s.stepNumber() == 0 ? null : "[" + s.stepNumber() + "/" + s.totalSteps() + "] " + s.step()
          + (StackStatus.NEEDS_ATTENTION.equals(s.state()) ? " — needs attention: " + s.lastError()
              + "\n    " + String.join("\n    ", s.nextActions()) : "");
      if (line != null && !Objects.equals(line, last)) {
        out.println(line);
        out.flush();
        last = line;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
  }

  private int outcome(WorkflowStub run) {
    try {
      OperationResult result = run.getResult(OperationResult.class);
      out.println(result.operation() + " of " + result.customer() + " completed: release " + result.release() + " on "
          + result.host() + " at commit " + result.commit());
      result.steps().forEach(step -> out.println("  " + step.name() + ": " + step.outcome() + " in "
          + step.durationMillis() + " ms" + (step.note() == null ? "" : " (" + step.note() + ")")));
      out.flush();
      return 0;
    } catch (WorkflowFailedException e) {
      String why = e.getCause() instanceof ApplicationFailure f ? f.getOriginalMessage() : String.valueOf(e.getCause());
      out.println("failed: " + why);
      out.flush();
      return Stackctl.RUN_FAILED;
    }
  }
}
