package io.stackpilot.worker.dashboard;

import io.stackpilot.client.Runs;
import io.stackpilot.client.StatusQuery;
import io.stackpilot.worker.access.AccessRules;
import io.stackpilot.worker.access.Principal;
import io.stackpilot.workflows.api.RolloutStack;
import io.stackpilot.workflows.api.RolloutStatus;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollouts page: each rollout Temporal knows (running first, then the newest), as its status query answers, with
 * only the stacks the reader may see; a rollout with none of them is not shown.
 */
public final class RolloutReader {

  /** How many rollouts that ended the page still shows. */
  static final int ENDED_SHOWN = 10;

  /** One rollout as the page shows it. */
  public record RolloutView(String id, String release, String select, String state, int wave, int waves, String halted,
      String soakUntil, boolean running, List<RolloutStack> stacks, int hidden) {}

  private final WorkflowClient client;

  public RolloutReader(WorkflowClient client) {
    this.client = client;
  }

  public List<RolloutView> read(AccessRules access, Principal principal) {
    List<RolloutView> running = new ArrayList<>();
    List<RolloutView> ended = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (WorkflowExecutionInfo info : new Runs(client).list(null)) {
      String workflowId = info.getExecution().getWorkflowId();
      if (StackNames.rolloutOf(workflowId).isEmpty() || seen.contains(workflowId)) {
        continue;
      }
      seen.add(workflowId);
      boolean open = "running".equals(Runs.status(info.getStatus()));
      if (!open && ended.size() == ENDED_SHOWN) {
        continue;
      }
      RolloutStatus status;
      try {
        status = new StatusQuery(client).ask(workflowId, info.getExecution().getRunId(), RolloutStatus.class);
      } catch (RuntimeException noAnswer) {
        continue;
      }
      RolloutView view = view(status, open, access, principal);
      if (view != null) {
        (open ? running : ended).add(view);
      }
    }
    running.addAll(ended);
    return running;
  }

  /** The rollout with the stacks {@code principal} may see; null when it may see none. */
  static RolloutView view(RolloutStatus status, boolean running, AccessRules access, Principal principal) {
    List<RolloutStack> visible = status.stacks().stream().filter(s -> access.maySee(principal, s.customer())).toList();
    if (visible.isEmpty()) {
      return null;
    }
    int hidden = status.stacks().size() - visible.size();
    // The halt names each failed stack and its error: only for a reader who may see them all.
    String halted = status.halted() == null ? null
        : hidden == 0 ? status.halted() : "halted: more stacks failed than the rollout allows";
    return new RolloutView(status.id(), status.release(), status.select(), status.state(), status.wave(), status.waves(),
        halted, status.soakUntil(), running, visible, hidden);
  }
}
