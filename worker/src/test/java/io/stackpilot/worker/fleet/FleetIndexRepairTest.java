package io.stackpilot.worker.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.client.FleetIndex;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.stackpilot.workflows.fleet.FleetIndexWorkflowImpl;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.EncodedValues;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.DynamicQueryHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Workflow;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control worker's repair: it starts the index, fills it from the listing, and replaces one that does not answer. */
class FleetIndexRepairTest {

  /** A loop that answers its status; any other type stands for an index that answers no query. */
  public static class StandIn implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      if ("ReconcileStack".equals(Workflow.getInfo().getWorkflowType())) {
        String customer = StackNames.customerOfReconcile(Workflow.getInfo().getWorkflowId()).orElseThrow();
        Workflow.registerListener((DynamicQueryHandler) (query, encoded) -> new ReconcileStatus(customer,
            ReconcileStatus.WATCHING, false, null, "c0ffee1", "1.0.0", "eu-1", null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, "file:///srv/git/acme.git", "main", null, null, null,
            null, null, null, 0, null, Map.of()));
      }
      Workflow.await(() -> false);
      return null;
    }
  }

  @Test
  void anIndexThatDoesNotAnswerIsReplacedAndFilledFromTheListing() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false).setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(StackpilotDataConverter.create()).build()).build());
         FleetIndexRepair repair = new FleetIndexRepair(env.getWorkflowClient(), Clock.systemUTC())) {
      env.newWorker(StackNames.TASK_QUEUE).registerWorkflowImplementationTypes(StandIn.class,
          FleetIndexWorkflowImpl.class);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      client.newUntypedWorkflowStub("ReconcileStack", WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.reconcileId("acme")).setTaskQueue(StackNames.TASK_QUEUE).build())
          .start(new StackRequest("file:///srv/git/acme.git", "main"));
      String stuck = client.newUntypedWorkflowStub("Stuck", WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.FLEET_INDEX).setTaskQueue(StackNames.TASK_QUEUE).build()).start().getRunId();

      int sent = repair.repair();

      List<FleetStack> held = new FleetIndex(client).read().orElseThrow();
      assertThat(sent).isEqualTo(1);
      assertThat(held).extracting(FleetStack::customer).containsExactly("acme");
      assertThat(held.get(0).loop().repo()).isEqualTo("file:///srv/git/acme.git");
      assertThat(client.newUntypedWorkflowStub(StackNames.FLEET_INDEX, java.util.Optional.of(stuck),
          java.util.Optional.empty()).describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
      assertThat(repair.repair()).as("a second repair finds nothing to send").isZero();
    }
  }
}
