package io.stackpilot.client;

import io.stackpilot.workflows.api.FleetIndexRequest;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetPage;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.FleetUpdate;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.fleet.FleetIndexWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The fleet index as clients use it: read page by page, started by the control worker, repaired from the listing. */
public final class FleetIndex {

  /** Updates per repair signal: a signal stays small, and the index counts each toward its next continue-as-new. */
  static final int UPDATES_PER_SIGNAL = 200;

  private final WorkflowClient client;

  public FleetIndex(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Every stack the index holds, in customer order; empty when it does not answer (none runs, no control worker) or
   * has ended (terminated: what it holds is no longer kept current).
   */
  public Optional<List<FleetStack>> read() {
    List<FleetStack> all = new ArrayList<>();
    String after = null;
    try {
      do {
        FleetPage page = new StatusQuery(client).ask(true, StackNames.FLEET_INDEX, null, "stacks", FleetPage.class,
            after, FleetIndexWorkflow.MAX_PAGE);
        all.addAll(page.stacks());
        after = page.next();
      } while (after != null);
    } catch (RuntimeException notAnswering) {
      return Optional.empty();
    }
    return Optional.of(all);
  }

  /** Starts the index unless one runs already; true when this call started it. */
  public boolean start() {
    FleetIndexWorkflow index = client.newWorkflowStub(FleetIndexWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.FLEET_INDEX).setTaskQueue(StackNames.TASK_QUEUE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL).build());
    try {
      WorkflowClient.start(index::run, FleetIndexRequest.empty());
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      return false;
    }
  }

  /** Ends the running index (one that does not answer) and starts a new one, empty until repaired. */
  public void restart(String reason) {
    try {
      client.newUntypedWorkflowStub(StackNames.FLEET_INDEX).terminate(reason);
    } catch (io.temporal.client.WorkflowNotFoundException gone) {
      // nothing to end
    }
    start();
  }

  /**
   * Sends the index what {@code observed} (the listing's view) says and {@code held} (the index's) does not show yet:
   * runs it never heard of, runs that ended without telling it. A loop that did not answer is not sent. Returns how
   * many updates were sent.
   */
  public int repair(List<FleetUpdate> observed, List<FleetStack> held) {
    Map<String, FleetStack> shown = new TreeMap<>();
    held.forEach(s -> shown.put(s.customer(), s));
    List<FleetUpdate> missing = new ArrayList<>();
    for (FleetUpdate update : observed) {
      FleetUpdate sent = new FleetUpdate(update.customer(), update.at(), update.operation(),
          update.loop() == null || update.loop().equals(FleetLoop.notAnswering()) ? null : update.loop());
      FleetStack stack = shown.get(sent.customer());
      boolean operationShown = sent.operation() == null || stack != null && FleetListing.sameRun(sent.operation(),
          stack.operation());
      boolean loopShown = sent.loop() == null || stack != null && sent.loop().equals(stack.loop());
      if (!operationShown || !loopShown) {
        missing.add(new FleetUpdate(sent.customer(), sent.at(), operationShown ? null : sent.operation(),
            loopShown ? null : sent.loop()));
      }
    }
    for (int from = 0; from < missing.size(); from += UPDATES_PER_SIGNAL) {
      client.newUntypedWorkflowStub(StackNames.FLEET_INDEX)
          .signal("record", missing.subList(from, Math.min(missing.size(), from + UPDATES_PER_SIGNAL)));
    }
    return missing.size();
  }
}
