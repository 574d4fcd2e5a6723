package io.stackpilot.cli;

import io.grpc.StatusRuntimeException;
import io.stackpilot.client.RunProgress;
import io.stackpilot.client.StatusQuery;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.DrillResult;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Follows a stack's run: prints each step as it starts, the progress its activity reports (bytes restored,
 * images pulled), attention when it is needed, and the outcome. As JSON: one object a line.
 */
final class Follow {

  private final WorkflowClient client;
  private final PrintWriter out;
  private final boolean json;
  private final RunProgress progress;

  Follow(WorkflowClient client, PrintWriter out, boolean json) {
    this.client = client;
    this.out = out;
    this.json = json;
    this.progress = new RunProgress(client);
  }

  int follow(String customer) {
    WorkflowStub run = client.newUntypedWorkflowStub(StackNames.operationId(customer));
    String lastStep = null;
    String lastProgress = null;
    boolean waitingForWorker = false;
    while (true) {
      DescribeWorkflowExecutionResponse described = progress.describe(StackNames.operationId(customer));
      if (described.getWorkflowExecutionInfo().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return outcome(run);
      }
      StackStatus s;
      try {
        s = new StatusQuery(client).ask(StackNames.operationId(customer), null);
      } catch (StatusRuntimeException noWorkerAnswered) {
        // A worker crashed or restarts: the run goes on in Temporal, its status comes back with a worker.
        if (!waitingForWorker) {
          emit("    (no worker answers for the run right now; waiting: " + Failures.rootMessage(noWorkerAnswered) + ")",
              Map.of("event", "waiting", "reason", Failures.rootMessage(noWorkerAnswered)));
          waitingForWorker = true;
        }
        pause();
        continue;
      }
      waitingForWorker = false;
      String step = s.stepNumber() == 0 ? null : "[" + s.stepNumber() + "/" + s.totalSteps() + "] " + s.step()
          + (StackStatus.NEEDS_ATTENTION.equals(s.state()) ? " — needs attention: " + s.lastError()
              + "\n    " + String.join("\n    ", s.nextActions()) : "");
      if (step != null && !Objects.equals(step, lastStep)) {
        emit(step, Map.of("event", "step", "status", s));
        lastStep = step;
        lastProgress = null;
      }
      String reported = progress.of(described);
      if (reported != null && !Objects.equals(reported, lastProgress)) {
        emit("    " + reported, Map.of("event", "progress", "step", s.step(), "progress", reported));
        lastProgress = reported;
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while following the run", e);
    }
  }

  private void emit(String line, Map<String, Object> event) {
    if (json) {
      Output.printJson(out, event);
    } else {
      out.println(line);
      out.flush();
    }
  }

  private int outcome(WorkflowStub run) {
    try {
      if ("DrillStack".equals(run.describe().getWorkflowType())) {
        return drilled(run.getResult(DrillResult.class));
      }
      OperationResult result = run.getResult(OperationResult.class);
      if (json) {
        Output.printJson(out, Map.of("event", "completed", "result", result));
        return 0;
      }
      out.println(result.operation() + " of " + result.customer() + " completed: release " + result.release() + " on "
          + result.host() + " at commit " + result.commit());
      result.steps().forEach(step -> out.println("  " + step.name() + ": " + step.outcome() + " in "
          + step.durationMillis() + " ms" + (step.note() == null ? "" : " (" + step.note() + ")")));
      out.flush();
      return 0;
    } catch (WorkflowFailedException e) {
      String why = e.getCause() instanceof ApplicationFailure f ? f.getOriginalMessage() : String.valueOf(e.getCause());
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("event", "failed");
      event.put("error", why);
      emit("failed: " + why, event);
      return Stackctl.RUN_FAILED;
    }
  }

  private int drilled(DrillResult result) {
    if (json) {
      Output.printJson(out, Map.of("event", "completed", "result", result));
      return 0;
    }
    out.println("DrillStack of " + result.customer() + " passed: backup " + result.backupId() + " restored on "
        + result.host() + ", healthy after " + result.rtoSeconds() + " s (RTO); the backup was " + result.rpoSeconds()
        + " s old (RPO); " + (result.note() != null ? result.note() : result.tablesCompared()
        + " tables match the backup's fingerprints"));
    result.steps().forEach(step -> out.println("  " + step.name() + ": " + step.outcome() + " in "
        + step.durationMillis() + " ms" + (step.note() == null ? "" : " (" + step.note() + ")")));
    out.flush();
    return 0;
  }
}
