package io.stackpilot.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.workflows.StackTestEnvironment;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import org.junit.jupiter.api.Test;

/** What `stackctl watch` and the dashboard show of a run's long step while its dump is read ahead beside it. */
class RunProgressTest {

  @Test
  void theStepsProgressShowsBeforeTheReadAheadsAndTheReadAheadSaysWhatItIs() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      RunProgress progress = new RunProgress(t.client());
      PendingActivityInfo readAhead = pending(t, "StageBackup", "verify db.sql.zst of b1: 40 MB of 68 MB");
      PendingActivityInfo start = pending(t, "StartDatabase", "waiting for db to be healthy (starting)");

      assertThat(progress.of(described(readAhead, start))).isEqualTo("waiting for db to be healthy (starting)");
      assertThat(progress.of(described(readAhead))).isEqualTo("read ahead: verify db.sql.zst of b1: 40 MB of 68 MB");
      assertThat(progress.of(described())).isNull();
    }
  }

  private static PendingActivityInfo pending(StackTestEnvironment t, String type, String heartbeat) {
    return PendingActivityInfo.newBuilder().setActivityType(ActivityType.newBuilder().setName(type))
        .setHeartbeatDetails(Payloads.newBuilder().addPayloads(t.client().getOptions().getDataConverter()
            .toPayload(heartbeat).orElseThrow())).build();
  }

  private static DescribeWorkflowExecutionResponse described(PendingActivityInfo... pending) {
    DescribeWorkflowExecutionResponse.Builder described = DescribeWorkflowExecutionResponse.newBuilder();
    for (PendingActivityInfo activity : pending) {
      described.addPendingActivities(activity);
    }
    return described.build();
  }
}
