package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.workflows.api.HostLease;
import io.stackpilot.workflows.api.LeaseAnswer;
import io.stackpilot.workflows.api.LeaseClaim;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One host name, one host agent: a second agent claiming a held host name is refused, and the holder hears of it. */
class HostLeaseTest {

  private static final String MACHINE_A = "builder-1 (machine 3f2a9c1b, /var/lib/stackpilot/stacks)";
  private static final String MACHINE_B = "builder-2 (machine 77e0aa41, /var/lib/stackpilot/stacks)";

  private static HostLeaseWorkflow lease(StackTestEnvironment t) {
    HostLeaseWorkflow lease = t.newWorkflow(HostLeaseWorkflow.class, StackNames.hostLeaseId("acme-prod-1"));
    WorkflowClient.start(lease::hold, null);
    return lease;
  }

  @Test
  void aSecondAgentWithTheSameHostNameIsRefusedAndTheHolderHearsOfIt() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      HostLeaseWorkflow lease = lease(t);

      assertThat(lease.claim(new LeaseClaim(MACHINE_A, 90))).isEqualTo(new LeaseAnswer(true, MACHINE_A, 0, null));
      t.env.sleep(Duration.ofSeconds(20));
      assertThat(lease.claim(new LeaseClaim(MACHINE_B, 90))).as("refused, naming the holder and when it was heard of")
          .isEqualTo(new LeaseAnswer(false, MACHINE_A, 20, MACHINE_B));
      assertThat(lease.claim(new LeaseClaim(MACHINE_A, 90))).as("the holder's renewal tells it of the other agent")
          .isEqualTo(new LeaseAnswer(true, MACHINE_A, 0, MACHINE_B));
      HostLease now = lease.lease();
      assertThat(now.holder()).isEqualTo(MACHINE_A);
      assertThat(now.contender()).isEqualTo(MACHINE_B);

      t.env.sleep(Duration.ofSeconds(100));
      assertThat(lease.claim(new LeaseClaim(MACHINE_A, 90)).contender()).as("a contender silent for the ttl is forgotten")
          .isNull();
      t.saveHistory(StackNames.hostLeaseId("acme-prod-1"), "HostLease");
      WorkflowStub.fromTyped(lease).terminate("test over");
    }
  }

  @Test
  void aSilentHolderLosesTheHostNameAndACleanStopReleasesIt() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      HostLeaseWorkflow lease = lease(t);
      lease.claim(new LeaseClaim(MACHINE_A, 90));

      t.env.sleep(Duration.ofSeconds(91));
      assertThat(lease.claim(new LeaseClaim(MACHINE_B, 90)).granted()).as("A was silent for longer than its ttl").isTrue();
      assertThat(lease.claim(new LeaseClaim(MACHINE_A, 90)))
          .as("A, back, is refused: B holds the name now").isEqualTo(new LeaseAnswer(false, MACHINE_B, 0, MACHINE_A));

      lease.release(MACHINE_A);
      assertThat(lease.lease().holder()).as("only the holder releases").isEqualTo(MACHINE_B);
      lease.release(MACHINE_B);
      assertThat(lease.lease().holder()).isNull();
      assertThat(lease.claim(new LeaseClaim(MACHINE_A, 90)).granted()).isTrue();
      WorkflowStub.fromTyped(lease).terminate("test over");
    }
  }

  @Test
  void aClaimWithoutAnAgentOrWithAnOddTtlIsRefused() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      HostLeaseWorkflow lease = lease(t);

      assertThatThrownBy(() -> lease.claim(new LeaseClaim(" ", 90))).isInstanceOf(WorkflowUpdateException.class)
          .rootCause().hasMessageContaining("agent must name the claiming host agent");
      assertThatThrownBy(() -> lease.claim(new LeaseClaim(MACHINE_A, 0))).isInstanceOf(WorkflowUpdateException.class)
          .rootCause().hasMessageContaining("ttlSeconds must be 1 to 3600, not 0");
      assertThat(lease.lease()).isNull();
      WorkflowStub.fromTyped(lease).terminate("test over");
    }
  }

  @Test
  void aLeaseContinuesAsNewWithItsHolderAfterManyRenewals() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      HostLeaseWorkflow lease = lease(t);
      String firstRun = WorkflowStub.fromTyped(lease).getExecution().getRunId();

      for (int i = 0; i < HostLeaseWorkflowImpl.CLAIMS_PER_RUN; i++) {
        lease.claim(new LeaseClaim(MACHINE_A, 90));
      }
      HostLeaseWorkflow current = t.client().newWorkflowStub(HostLeaseWorkflow.class,
          StackNames.hostLeaseId("acme-prod-1"));
      assertThat(current.claim(new LeaseClaim(MACHINE_B, 90)).holder()).isEqualTo(MACHINE_A);
      assertThat(WorkflowStub.fromTyped(current).describe().getExecution().getRunId()).isNotEqualTo(firstRun);
      WorkflowStub.fromTyped(current).terminate("test over");
    }
  }
}
