package io.stackpilot.worker.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.workflows.activities.RolloutProbe;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodedValues;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.DynamicQueryHandler;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a rollout's probe says of a stack's operation on Temporal's test server: an update that says it was aborted but
 * still runs (it sends its last notes) holds the stack's operation id, and the probe says so until it has closed.
 */
class RolloutProbesTest {

  /** An update that waits for an operator, says Aborted once aborted, and closes when told to. */
  public static class StandInUpdate implements DynamicWorkflow {
    private String state = StackStatus.NEEDS_ATTENTION;
    private boolean close;

    @Override
    public Object execute(EncodedValues args) {
      Workflow.registerListener((DynamicQueryHandler) (query, encoded) -> new StackStatus("UpdateStack", "acme", state,
          "migrate", 5, 7, "V2__account_plans.sql: Duplicate column name 'plan'", false, false, null, List.of(),
          "c0ffee2", "1.1.0", "acme-prod-1", null, List.of()));
      Workflow.registerListener((DynamicSignalHandler) (signal, encoded) -> {
        if (signal.equals("abort")) {
          state = StackStatus.ABORTED;
        } else {
          close = true;
        }
      });
      Workflow.await(() -> close);
      return null;
    }
  }

  @Test
  void anAbortedUpdateThatStillRunsIsReportedOpenUntilItHasClosed() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false).setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(StackpilotDataConverter.create()).build()).build())) {
      env.newWorker(StackNames.TASK_QUEUE).registerWorkflowImplementationTypes(StandInUpdate.class);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      WorkflowStub update = client.newUntypedWorkflowStub("UpdateStack", WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.operationId("acme")).setTaskQueue(StackNames.TASK_QUEUE).build());
      update.start();
      RolloutActivitiesImpl rollouts = new RolloutActivitiesImpl(null, client);

      RolloutProbe waiting = rollouts.probeStacks(List.of("acme")).get(0);
      update.signal("abort");
      RolloutProbe aborting = rollouts.probeStacks(List.of("acme")).get(0);
      update.signal("close");
      update.getResult(Void.class);
      RolloutProbe closed = rollouts.probeStacks(List.of("acme")).get(0);
      RolloutProbe none = rollouts.probeStacks(List.of("bolt")).get(0);

      assertThat(waiting.operationState()).isEqualTo(StackStatus.NEEDS_ATTENTION);
      assertThat(waiting.operationOpen()).isTrue();
      assertThat(aborting.operationState()).isEqualTo(StackStatus.ABORTED);
      assertThat(aborting.operationOpen()).as("says Aborted, still holds the operation id").isTrue();
      assertThat(aborting.operationEnded()).isFalse();
      assertThat(closed.operationOpen()).isFalse();
      assertThat(closed.operationEnded()).isTrue();
      assertThat(none.operationState()).isNull();
      assertThat(none.operationOpen()).as("no operation ever ran").isFalse();
      assertThat(none.operationEnded()).isTrue();
    }
  }
}
