package io.stackpilot.cli;

import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.StepRecord;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodedValues;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.DynamicWorkflow;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** stackctl history against a real (test) Temporal server after every worker has gone. */
class HistoryTest {

  /** Stands in for InstallStack: completes at once with the result a real install returns. */
  public static class CompletedInstall implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      return new OperationResult("InstallStack", "acme", "c0ffee1", "1.0.0", "acme-prod-1", "vanilla-1.0.0", null,
          List.of(), List.of("db", "web"), List.of(new StepRecord("resolve desired state", StepRecord.DONE, 1, 12, null),
              new StepRecord("pull images", StepRecord.DONE, 2, 3400, null),
              new StepRecord("verify health", StepRecord.SKIPPED, 1, 5, "skipped by the operator")), null, null, null);
    }
  }

  @Test
  void completedRunsShowTheirStepsWithoutAWorkerAndARunNobodyAnswersForIsListedWithout() throws Exception {
    try (PortBoundTemporal temporal = new PortBoundTemporal()) {
      WorkflowClient client = temporal.client;
      WorkerFactory workers = WorkerFactory.newInstance(client);
      workers.newWorker(StackNames.TASK_QUEUE).registerWorkflowImplementationTypes(CompletedInstall.class);
      workers.start();
      WorkflowStub install = client.newUntypedWorkflowStub("InstallStack", WorkflowOptions.newBuilder()
          .setWorkflowId("stack-acme").setTaskQueue(StackNames.TASK_QUEUE).build());
      install.start(new StackRequest("file:///srv/git/acme.git", "main"));
      install.getResult(OperationResult.class);
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
      client.newUntypedWorkflowStub("UpdateStack", WorkflowOptions.newBuilder()
          .setWorkflowId("stack-acme").setTaskQueue(StackNames.TASK_QUEUE).build())
          .start(new StackRequest("file:///srv/git/acme.git", "main"));

      PortBoundTemporal.Cli history = temporal.stackctl("history", "acme");

      assertThat(history.exitCode()).as(history.output()).isZero();
      String[] lines = history.output().split("\n");
      assertThat(lines[0]).contains("  UpdateStack  running  (run ");
      assertThat(lines[1]).contains("  InstallStack  completed");
      assertThat(List.of(lines).subList(2, lines.length)).containsExactly(
          "    release 1.0.0 on acme-prod-1, commit c0ffee1",
          "    resolve desired state: done in 12 ms",
          "    pull images: done after 2 attempts in 3400 ms",
          "    verify health: skipped in 5 ms (skipped by the operator)");
    }
  }
}
