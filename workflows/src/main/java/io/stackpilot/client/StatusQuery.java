package io.stackpilot.client;

import io.stackpilot.workflows.api.StackStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A run's status query (an operation's or a loop's) with a short deadline and no retries, so that a run nobody answers for right now (its
 * worker crashed or restarts, or none runs) is noticed in seconds, not after the client's minute of retries.
 */
public final class StatusQuery {

  private static final long DEADLINE_SECONDS = 5;

  private final WorkflowClient client;

  public StatusQuery(WorkflowClient client) {
    this.client = client;
  }

  /** The status of run {@code runId} of {@code workflowId}, or of its latest run when null; throws when nobody answers. */
  public StackStatus ask(String workflowId, String runId) {
    return ask(workflowId, runId, StackStatus.class);
  }

  /** The answer of the {@code status} query as {@code type} (an operation's StackStatus, a loop's ReconcileStatus). */
  public <T> T ask(String workflowId, String runId, Class<T> type) {
    return ask(workflowId, runId, "status", type);
  }

  /** The answer of the query {@code query}, given {@code args}, as {@code type}. */
  public <T> T ask(String workflowId, String runId, String query, Class<T> type, Object... args) {
    return ask(false, workflowId, runId, query, type, args);
  }

  /** As above, refused (an exception) when the run has ended and {@code runningOnly}: its answer would be stale. */
  public <T> T ask(boolean runningOnly, String workflowId, String runId, String query, Class<T> type, Object... args) {
    WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId);
    if (runId != null) {
      execution.setRunId(runId);
    }
    WorkflowQuery.Builder asked = WorkflowQuery.newBuilder().setQueryType(query);
    if (args.length > 0) {
      client.getOptions().getDataConverter().toPayloads(args).ifPresent(asked::setQueryArgs);
    }
    QueryWorkflowRequest.Builder request = QueryWorkflowRequest.newBuilder()
        .setNamespace(client.getOptions().getNamespace()).setExecution(execution).setQuery(asked);
    if (runningOnly) {
      request.setQueryRejectCondition(QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN);
    }
    QueryWorkflowResponse answer = client.getWorkflowServiceStubs().blockingStub()
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).queryWorkflow(request.build());
    if (answer.hasQueryRejected()) {
      throw new IllegalStateException(workflowId + " has ended (" + answer.getQueryRejected().getStatus() + ")");
    }
    return client.getOptions().getDataConverter()
        .fromPayloads(0, Optional.of(answer.getQueryResult()), type, type);
  }
}
