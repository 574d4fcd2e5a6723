package io.stackpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.workflows.StackWorkflows;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * stackctl watch against a real (test) Temporal server while no worker answers for the run, as after a worker
 * crash: it says so once, keeps following, and ends with the run's outcome.
 */
class WatchTest {

  @Test
  void watchWaitsWhileNoWorkerAnswersAndEndsWithTheOutcome() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(service,
          WorkflowClientOptions.newBuilder().setDataConverter(StackpilotDataConverter.create()).build());
      WorkflowStub run = client.newUntypedWorkflowStub("InstallStack", WorkflowOptions.newBuilder()
          .setWorkflowId("stack-acme").setTaskQueue(StackWorkflows.TASK_QUEUE).build());
      run.start(new StackRequest("file:///srv/git/acme.git", "main"));
      CompletableFuture<Void> operatorGivesUp = CompletableFuture.runAsync(() -> run.terminate("the host burnt down"),
          CompletableFuture.delayedExecutor(8, TimeUnit.SECONDS));

      StringWriter out = new StringWriter();
      CommandLine cli = Stackctl.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(out, true));
      int exit = cli.execute("watch", "acme", "--address", "127.0.0.1:" + port);
      operatorGivesUp.get(30, TimeUnit.SECONDS);

      assertThat(exit).as(out.toString()).isEqualTo(Stackctl.RUN_FAILED);
      assertThat(out.toString()).containsOnlyOnce("(no worker answers for the run right now; waiting: ")
          .contains("failed: ");
    } finally {
      service.shutdownNow();
      server.close();
    }
  }
}
