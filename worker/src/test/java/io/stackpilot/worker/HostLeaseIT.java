package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.config.WorkerConfig;
import io.stackpilot.worker.lease.HostAgentLease;
import io.stackpilot.workflows.api.HostLease;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.lease.HostLeaseWorkflow;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two host agents configured with one host name (two machines, or two stacks directories): the second does not poll
 * the host's task queue while the first runs, says who holds the name, the first hears of it, and the second takes
 * over when the first stops.
 */
class HostLeaseIT {

  private static final String HOST = "lease-it";
  private static final Duration RENEWAL = Duration.ofMillis(500);
  private static final Duration TTL = Duration.ofSeconds(30);

  @TempDir
  Path temp;

  @Test
  void aSecondAgentWithTheSameHostNameDoesNotPollUntilTheFirstStops() throws Exception {
    TestStack stack = new TestStack(temp);
    int port = FreePorts.loopback();
    try (StackpilotWorker control = new StackpilotWorker(new WorkerConfig(new WorkerConfig.Temporal(null, "default",
        null, null, null), List.of("control"), null, null, null, temp.resolve("git-cache"), TestStack.releases().toString(),
        stack.azureAccounts(), List.of(), List.of(), null, 0).withSafeguards(stack.safeguards()), port)) {
      WorkflowClient client = control.start();
      StackpilotWorker first = agent(stack, port, "stacks-a");
      StackpilotWorker second = agent(stack, port, "stacks-b");
      try {
        first.start();
        await(() -> first.lease().polling(), "the first agent polls");
        second.start();
        await(() -> second.lease().refusal() != null, "the second agent is refused");

        String holder = HostAgentLease.agentName(temp.resolve("stacks-a"));
        String contender = HostAgentLease.agentName(temp.resolve("stacks-b"));
        assertThat(holder).isNotEqualTo(contender);
        assertThat(second.lease().polling()).isFalse();
        assertThat(second.lease().refusal()).startsWith("host name '" + HOST + "' is held by another host agent, "
            + holder + " (heard from ").contains("this agent (" + contender + ") does not poll host-" + HOST);
        HostLease lease = client.newWorkflowStub(HostLeaseWorkflow.class, StackNames.hostLeaseId(HOST)).lease();
        assertThat(lease.holder()).isEqualTo(holder);
        assertThat(lease.contender()).isEqualTo(contender);
        await(() -> contender.equals(first.lease().contender()), "the holder hears of it at its next renewal");
        assertThat(first.lease().polling()).isTrue();

        first.close();
        await(() -> second.lease().polling(), "the second agent takes over once the first released the name");
        assertThat(second.lease().refusal()).isNull();
        assertThat(client.newWorkflowStub(HostLeaseWorkflow.class, StackNames.hostLeaseId(HOST)).lease().holder())
            .isEqualTo(contender);
      } finally {
        first.close();
        second.close();
      }
    }
  }

  private StackpilotWorker agent(TestStack stack, int port, String stacksDir) {
    return new StackpilotWorker(new WorkerConfig(new WorkerConfig.Temporal("127.0.0.1:" + port, "default", null, null,
        null), List.of("host-agent"), HOST, TestEnvironment.dockerHost(), temp.resolve(stacksDir),
        temp.resolve("git-cache-" + stacksDir), TestStack.releases().toString(), stack.azureAccounts(), List.of(),
        List.of(), null, 0).withSafeguards(stack.safeguards()), 0).withLeaseTiming(RENEWAL, TTL);
  }

  private static void await(BooleanSupplier reached, String what) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (reached.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(what + " did not happen within 30 s");
  }
}
