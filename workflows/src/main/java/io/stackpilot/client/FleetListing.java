package io.stackpilot.client;

import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetUpdate;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The fleet as the namespace's listing shows it, each stack's newest operation described and its loop asked: the
 * slow path, which reads every run Temporal keeps. It stands in when the fleet index does not answer, and it is what
 * the index is repaired from.
 */
public final class FleetListing {

  private final WorkflowClient client;
  private final ExecutorService askers;

  public FleetListing(WorkflowClient client, ExecutorService askers) {
    this.client = client;
    this.askers = askers;
  }

  /**
   * Every stack with a run or a loop, as updates observed at {@code at}; its loop is asked only when {@code loops}
   * (a loop that does not answer has neither state nor end).
   */
  public List<FleetUpdate> read(boolean loops, long at) {
    Runs runs = new Runs(client);
    Map<String, WorkflowExecutionInfo> operations = new TreeMap<>();
    Map<String, WorkflowExecutionInfo> loopRuns = new TreeMap<>();
    for (WorkflowExecutionInfo info : runs.list(null)) {
      String id = info.getExecution().getWorkflowId();
      StackNames.customerOfOperation(id).ifPresent(c -> operations.putIfAbsent(c, info));
      StackNames.customerOfReconcile(id).ifPresent(c -> loopRuns.putIfAbsent(c, info));
    }
    TreeMap<String, Boolean> customers = new TreeMap<>();
    operations.keySet().forEach(c -> customers.put(c, true));
    loopRuns.keySet().forEach(c -> customers.put(c, true));
    List<CompletableFuture<FleetUpdate>> asked = new ArrayList<>();
    for (String customer : customers.keySet()) {
      asked.add(CompletableFuture.supplyAsync(() -> {
        WorkflowExecutionInfo operation = operations.get(customer);
        WorkflowExecutionInfo loop = loops ? loopRuns.get(customer) : null;
        return new FleetUpdate(customer, at, operation == null ? null : operation(runs.describe(operation)),
            loop == null ? null : loop(customer, loop));
      }, askers));
    }
    return asked.stream().map(CompletableFuture::join).toList();
  }

  private FleetLoop loop(String customer, WorkflowExecutionInfo info) {
    String status = Runs.status(info.getStatus());
    if (!"running".equals(status)) {
      return FleetLoop.ended(status);
    }
    try {
      return FleetLoop.of(new StatusQuery(client).ask(StackNames.reconcileId(customer), null, ReconcileStatus.class));
    } catch (RuntimeException noAnswer) {
      return FleetLoop.notAnswering();
    }
  }

  /** A described run as the index keeps it. */
  public static FleetOperation operation(Runs.Run run) {
    StackStatus d = run.detail();
    return new FleetOperation(run.operation(), run.runId(), run.status(), d == null ? null : d.state(),
        d == null ? null : d.step(), d == null ? 0 : d.stepNumber(), d == null ? 0 : d.totalSteps(),
        d == null ? null : d.release(), d == null ? null : d.host(), run.startedAt());
  }

  /**
   * Whether two views of an operation show the same: the same run, in the same state and step. The start time is left
   * out (the listing has the server's, the run its first workflow task's), and so is a completed run's last step.
   */
  static boolean sameRun(FleetOperation a, FleetOperation b) {
    return b != null && Objects.equals(a.runId(), b.runId()) && Objects.equals(a.status(), b.status())
        && a.stateOrEnd().equals(b.stateOrEnd()) && Objects.equals(a.stepLine(), b.stepLine())
        && Objects.equals(a.release(), b.release()) && Objects.equals(a.host(), b.host());
  }
}
