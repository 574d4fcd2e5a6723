package io.stackpilot.client;

import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.WorkflowExecutionFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Past and running workflow executions as Temporal's visibility lists them. Uses the open/closed listing, which
 * both a real cluster and the embedded test server answer.
 */
public final class Runs {

  /** One run of a stack: which operation, how it ended, and its steps where the run can still be asked. */
  public record Run(String workflowId, String runId, String operation, String status, String startedAt, String closedAt,
      StackStatus detail) {}

  private final WorkflowClient client;

  public Runs(WorkflowClient client) {
    this.client = client;
  }

  /** Every run, open and closed, of {@code workflowId} (or of every workflow when null), newest first. */
  public List<WorkflowExecutionInfo> list(String workflowId) {
    return list(workflowId, true);
  }

  /** As above; only the open runs unless {@code closedToo} (closed runs pile up: backups, continue-as-new, leases). */
  public List<WorkflowExecutionInfo> list(String workflowId, boolean closedToo) {
    WorkflowExecutionFilter filter = workflowId == null ? null
        : WorkflowExecutionFilter.newBuilder().setWorkflowId(workflowId).build();
    List<WorkflowExecutionInfo> all = new ArrayList<>();
    var stub = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    ByteString token = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsRequest.Builder open = ListOpenWorkflowExecutionsRequest.newBuilder()
          .setNamespace(namespace).setMaximumPageSize(1000).setNextPageToken(token);
      if (filter != null) {
        open.setExecutionFilter(filter);
      }
      ListOpenWorkflowExecutionsResponse page = stub.listOpenWorkflowExecutions(open.build());
      all.addAll(page.getExecutionsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    do {
      if (!closedToo) {
        break;
      }
      ListClosedWorkflowExecutionsRequest.Builder closed = ListClosedWorkflowExecutionsRequest.newBuilder()
          .setNamespace(namespace).setMaximumPageSize(1000).setNextPageToken(token);
      if (filter != null) {
        closed.setExecutionFilter(filter);
      }
      ListClosedWorkflowExecutionsResponse page = stub.listClosedWorkflowExecutions(closed.build());
      all.addAll(page.getExecutionsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    all.sort(Comparator.comparing((WorkflowExecutionInfo i) -> time(i.getStartTime())).reversed());
    return all;
  }

  /**
   * The run with its steps: a completed run's from its result, kept in its history, so no worker is needed; any
   * other run's from its status query, left out when no worker answers within seconds.
   */
  public Run describe(WorkflowExecutionInfo info) {
    String startedAt = time(info.getStartTime()).toString();
    return new Run(info.getExecution().getWorkflowId(), info.getExecution().getRunId(), info.getType().getName(),
        status(info.getStatus()), startedAt, info.hasCloseTime() ? time(info.getCloseTime()).toString() : null,
        info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
            ? completed(info.getExecution(), startedAt) : asked(info.getExecution()));
  }

  private StackStatus completed(WorkflowExecution execution, String startedAt) {
    try {
      OperationResult r = client.newUntypedWorkflowStub(execution.getWorkflowId(), Optional.of(execution.getRunId()),
          Optional.empty()).getResult(OperationResult.class);
      int steps = r.steps() == null ? 0 : r.steps().size();
      return new StackStatus(r.operation(), r.customer(), StackStatus.COMPLETED, null, steps, steps, null, false, false, null,
          List.of(), r.commit(), r.release(), r.host(), startedAt, r.steps() == null ? List.of() : r.steps());
    } catch (RuntimeException notAnOperationResult) {
      return asked(execution);
    }
  }

  private StackStatus asked(WorkflowExecution execution) {
    try {
      return new StatusQuery(client).ask(execution.getWorkflowId(), execution.getRunId());
    } catch (RuntimeException noAnswer) {
      return null;
    }
  }

  public static String status(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase().replace('_', '-');
  }

  private static Instant time(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
