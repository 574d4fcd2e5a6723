package io.stackpilot.client;

import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What people did to a stack, read from the histories Temporal keeps of its runs and its loop: who started each run,
 * who sent each decision (update) and signal, who cancelled or terminated one — with the identity their client gave,
 * which the dashboard and stackctl set to the operator's name. Kept as long as the namespace keeps closed runs
 * (its retention); refusals that never reached Temporal are only in the workers' audit log.
 */
public final class AuditTrail {

  /** One action: when, who (the client's identity), what, on which workflow and run, and how it ended. */
  public record Entry(String at, String who, String action, String workflowId, String runId, String outcome) {}

  private final WorkflowClient client;

  public AuditTrail(WorkflowClient client) {
    this.client = client;
  }

  /** Every action on {@code customer}'s runs and loop, oldest first. */
  public List<Entry> of(String customer) {
    List<Entry> entries = new ArrayList<>();
    Runs runs = new Runs(client);
    for (String workflowId : List.of(StackNames.operationId(customer), StackNames.reconcileId(customer))) {
      for (WorkflowExecutionInfo run : runs.list(workflowId)) {
        entries.addAll(read(run.getExecution()));
      }
    }
    entries.sort(Comparator.comparing(Entry::at));
    return entries;
  }

  private List<Entry> read(WorkflowExecution execution) {
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> updates = new HashMap<>();
    String workflowId = execution.getWorkflowId();
    String runId = execution.getRunId();
    for (HistoryEvent event : client.fetchHistory(workflowId, runId).getEvents()) {
      String at = Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos()).toString();
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
          var started = event.getWorkflowExecutionStartedEventAttributes();
          if (started.getContinuedExecutionRunId().isEmpty()) {
            String who = started.hasParentWorkflowExecution()
                ? "its loop, " + started.getParentWorkflowExecution().getWorkflowId() : started.getIdentity();
            entries.add(new Entry(at, who, "start " + started.getWorkflowType().getName(), workflowId, runId, "started"));
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
          var signal = event.getWorkflowExecutionSignaledEventAttributes();
          entries.add(new Entry(at, signal.getIdentity(), signal.getSignalName(), workflowId, runId, "delivered"));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
          var request = event.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest();
          updates.put(request.getMeta().getUpdateId(), entries.size());
          entries.add(new Entry(at, request.getMeta().getIdentity(), describe(request.getInput().getName(),
              request.getInput().getArgs()), workflowId, runId, "accepted"));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
          var completed = event.getWorkflowExecutionUpdateCompletedEventAttributes();
          Integer index = updates.get(completed.getMeta().getUpdateId());
          if (index != null) {
            Entry accepted = entries.get(index);
            entries.set(index, new Entry(accepted.at(), accepted.who(), accepted.action(), workflowId, runId,
                completed.getOutcome().hasFailure() ? "refused: " + completed.getOutcome().getFailure().getMessage()
                    : "done"));
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> entries.add(new Entry(at,
            event.getWorkflowExecutionCancelRequestedEventAttributes().getIdentity(), "cancel", workflowId, runId,
            "requested"));
        case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
          var terminated = event.getWorkflowExecutionTerminatedEventAttributes();
          entries.add(new Entry(at, terminated.getIdentity(), "terminate", workflowId, runId,
              terminated.getReason().isEmpty() ? "terminated" : "terminated: " + terminated.getReason()));
        }
        default -> { }
      }
    }
    return entries;
  }

  /** An update as the operator asked it: "decide retry" (with the backup, or the reason of an abort). */
  private String describe(String update, Payloads args) {
    if (!update.equals("decide") || args.getPayloadsCount() == 0) {
      return update;
    }
    try {
      DataConverter converter = client.getOptions().getDataConverter();
      Decision decision = converter.fromPayloads(0, Optional.of(args), Decision.class, Decision.class);
      return "decide " + decision.action() + (decision.backup() == null ? "" : " with backup " + decision.backup())
          + (decision.reason() == null ? "" : " (" + decision.reason() + ")");
    } catch (RuntimeException unreadable) {
      return "decide (its input cannot be read here: " + unreadable.getMessage() + ")";
    }
  }
}
