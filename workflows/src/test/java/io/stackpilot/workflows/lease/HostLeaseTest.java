package io.stackpilot.workflows.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.workflows.api.HostLease;
import io.stackpilot.workflows.api.LeaseAnswer;
import io.stackpilot.workflows.api.LeaseClaim;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One host name, one host agent: a second agent claiming a held host name is refused, and the holder hears of it.
 * In real time with ttls of seconds: the time-skipping test server may jump its clock while an update waits, which
 * would make a holder look silent.
 */
class HostLeaseTest {

  private static final String MACHINE_A = "builder-1 (machine 3f2a9c1b, /var/lib/stackpilot/stacks)";
  private static final String MACHINE_B = "builder-2 (machine 77e0aa41, /var/lib/stackpilot/stacks)";
  private static final String ID = StackNames.hostLeaseId("acme-prod-1");
  private static final int TTL = 5;

  private TestWorkflowEnvironment env;

  @BeforeEach
  void up() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(StackpilotDataConverter.create()).build()).build());
    env.newWorker(StackNames.TASK_QUEUE).registerWorkflowImplementationTypes(HostLeaseWorkflowImpl.class);
    env.start();
  }

  @AfterEach
  void down() {
    env.close();
  }

  private HostLeaseWorkflow lease() {
    HostLeaseWorkflow lease = env.getWorkflowClient().newWorkflowStub(HostLeaseWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(StackNames.TASK_QUEUE).build());
    WorkflowClient.start(lease::hold, null);
    return lease;
  }

  @Test
  void aSecondAgentWithTheSameHostNameIsRefusedAndTheHolderHearsOfIt() throws Exception {
    HostLeaseWorkflow lease = lease();

    assertThat(lease.claim(new LeaseClaim(MACHINE_A, TTL))).isEqualTo(new LeaseAnswer(true, MACHINE_A, 0, null));
    Thread.sleep(1_100);
    LeaseAnswer refused = lease.claim(new LeaseClaim(MACHINE_B, TTL));
    assertThat(refused).as("refused, naming the holder and when it was heard of")
        .extracting(LeaseAnswer::granted, LeaseAnswer::holder, LeaseAnswer::contender)
        .containsExactly(false, MACHINE_A, MACHINE_B);
    assertThat(refused.holderSilentSeconds()).isBetween(1L, (long) TTL);
    assertThat(lease.claim(new LeaseClaim(MACHINE_A, TTL))).as("the holder's renewal tells it of the other agent")
        .isEqualTo(new LeaseAnswer(true, MACHINE_A, 0, MACHINE_B));
    HostLease now = lease.lease();
    assertThat(now.holder()).isEqualTo(MACHINE_A);
    assertThat(now.contender()).isEqualTo(MACHINE_B);

    Thread.sleep((TTL + 1) * 1_000L);
    assertThat(lease.claim(new LeaseClaim(MACHINE_A, TTL)).contender()).as("a contender silent for the ttl is forgotten")
        .isNull();
    Path histories = Files.createDirectories(Path.of("target", "histories"));
    Files.writeString(histories.resolve("HostLease.json"), env.getWorkflowClient().fetchHistory(ID).toJson(true));
  }

  @Test
  void aSilentHolderLosesTheHostNameAndACleanStopReleasesIt() throws Exception {
    HostLeaseWorkflow lease = lease();
    lease.claim(new LeaseClaim(MACHINE_A, TTL));

    Thread.sleep((TTL + 1) * 1_000L);
    assertThat(lease.claim(new LeaseClaim(MACHINE_B, TTL)).granted()).as("A was silent for longer than its ttl").isTrue();
    assertThat(lease.claim(new LeaseClaim(MACHINE_A, TTL))).as("A, back, is refused: B holds the name now")
        .extracting(LeaseAnswer::granted, LeaseAnswer::holder, LeaseAnswer::contender)
        .containsExactly(false, MACHINE_B, MACHINE_A);

    lease.release(MACHINE_A);
    assertThat(lease.lease().holder()).as("only the holder releases").isEqualTo(MACHINE_B);
    lease.release(MACHINE_B);
    assertThat(lease.lease().holder()).isNull();
    assertThat(lease.claim(new LeaseClaim(MACHINE_A, TTL)).granted()).isTrue();
  }

  @Test
  void aClaimWithoutAnAgentOrWithAnOddTtlIsRefused() {
    HostLeaseWorkflow lease = lease();

    assertThatThrownBy(() -> lease.claim(new LeaseClaim(" ", 90))).isInstanceOf(WorkflowUpdateException.class)
        .rootCause().hasMessageContaining("agent must name the claiming host agent");
    assertThatThrownBy(() -> lease.claim(new LeaseClaim(MACHINE_A, 0))).isInstanceOf(WorkflowUpdateException.class)
        .rootCause().hasMessageContaining("ttlSeconds must be 1 to 3600, not 0");
    assertThat(lease.lease()).isNull();
  }

  @Test
  void aLeaseContinuesAsNewWithItsHolderAfterManyRenewals() {
    HostLeaseWorkflow lease = lease();
    String firstRun = WorkflowStub.fromTyped(lease).getExecution().getRunId();

    for (int i = 0; i < HostLeaseWorkflowImpl.CLAIMS_PER_RUN; i++) {
      lease.claim(new LeaseClaim(MACHINE_A, 90));
    }
    HostLeaseWorkflow current = env.getWorkflowClient().newWorkflowStub(HostLeaseWorkflow.class, ID);
    assertThat(current.claim(new LeaseClaim(MACHINE_B, 90)).holder()).isEqualTo(MACHINE_A);
    assertThat(WorkflowStub.fromTyped(current).describe().getExecution().getRunId()).isNotEqualTo(firstRun);
  }
}
