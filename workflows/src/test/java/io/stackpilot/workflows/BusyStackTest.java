package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.client.StackBusyException;
import io.stackpilot.workflows.client.StackOperations;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.update.UpdateStackWorkflow;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;

/** One operation per stack at a time: a second one is refused, naming the one that runs. */
class BusyStackTest {

  @Test
  void secondOperationOnABusyStackIsRefusedNamingTheFirst() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.hang("host-acme-prod-1:PullImages");
      StackOperations operations = new StackOperations(t.client());
      WorkflowStub install = operations.start(InstallStackWorkflow.TYPE, "acme", new StackRequest(Samples.REPO, "main"),
          "install acme from main");

      assertThatThrownBy(() -> operations.start(UpdateStackWorkflow.TYPE, "acme", new StackRequest(Samples.REPO, "main"),
          "update acme"))
          .isInstanceOf(StackBusyException.class)
          .hasMessageStartingWith("stack acme is busy: InstallStack (run " + install.getExecution().getRunId())
          .hasMessageEndingWith("is running as stack-acme. Wait for it, or steer it: stackctl status|retry|skip|abort acme");
      assertThat(install.describe().getStaticSummary()).isEqualTo("install acme from main");
      install.terminate("test over");
    }
  }
}
