package io.stackpilot.cli;

import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * stackctl watch against a real (test) Temporal server while no worker answers for the run, as after a worker
 * crash: it says so once, keeps following, and ends with the run's outcome.
 */
class WatchTest {

  @Test
  void watchWaitsWhileNoWorkerAnswersAndEndsWithTheOutcome() throws Exception {
    try (PortBoundTemporal temporal = new PortBoundTemporal()) {
      WorkflowStub run = temporal.client.newUntypedWorkflowStub("InstallStack", WorkflowOptions.newBuilder()
          .setWorkflowId("stack-acme").setTaskQueue(StackNames.TASK_QUEUE).build());
      run.start(new StackRequest("file:///srv/git/acme.git", "main"));
      CompletableFuture<Void> operatorGivesUp = CompletableFuture.runAsync(() -> run.terminate("the host burnt down"),
          CompletableFuture.delayedExecutor(8, TimeUnit.SECONDS));

      PortBoundTemporal.Cli watch = temporal.stackctl("watch", "acme");
      operatorGivesUp.get(30, TimeUnit.SECONDS);

      assertThat(watch.exitCode()).as(watch.output()).isEqualTo(Stackctl.RUN_FAILED);
      assertThat(watch.output()).containsOnlyOnce("(no worker answers for the run right now; waiting: ")
          .contains("failed: ");
    }
  }
}
