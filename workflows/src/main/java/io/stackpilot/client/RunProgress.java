package io.stackpilot.client;

import io.stackpilot.workflows.activities.DataHostActivities;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;

/** Where a run's long step is: the latest heartbeat of its running activity, as the activity wrote it. */
public final class RunProgress {

  private final WorkflowClient client;

  public RunProgress(WorkflowClient client) {
    this.client = client;
  }

  /** The latest run of {@code workflowId} as Temporal describes it. */
  public DescribeWorkflowExecutionResponse describe(String workflowId) {
    return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
  }

  /**
   * The progress its running activity reported last ("1.2 GiB of 4 GiB restored"), or null. The read ahead of a dump
   * runs beside the steps: its progress shows only when no step's activity reported any, and says what it is.
   */
  public String of(DescribeWorkflowExecutionResponse described) {
    String readAhead = null;
    for (PendingActivityInfo activity : described.getPendingActivitiesList()) {
      if (activity.hasHeartbeatDetails() && activity.getHeartbeatDetails().getPayloadsCount() > 0) {
        String progress = client.getOptions().getDataConverter()
            .fromPayload(activity.getHeartbeatDetails().getPayloads(0), String.class, String.class);
        if (!activity.getActivityType().getName().equals(DataHostActivities.STAGE_BACKUP)) {
          return progress;
        }
        readAhead = "read ahead: " + progress;
      }
    }
    return readAhead;
  }
}
