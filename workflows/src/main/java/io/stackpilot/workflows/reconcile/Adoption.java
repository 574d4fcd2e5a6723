package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.StackNames;
import java.util.List;

/**
 * Before a loop has applied anything, a stack may already run on the host (installed by hand, or by a loop that was
 * terminated): it is adopted when the host matches the commit, updated when it differs, and installed only when it is
 * not there.
 */
final class Adoption {

  private Adoption() {}

  /** What the host's plan for the commit asks for; null when nothing runs there, so the loop installs as usual. */
  static ReconcileDecision of(HostPlan plan, String host, String commit) {
    if (plan.present().isEmpty()) {
      return null;
    }
    String at = StackNames.shortCommit(commit);
    if (plan.changesNothing()) {
      return new ReconcileDecision(ReconcileDecision.Action.RECORD, "installed before this loop on " + host
          + " and matching commit " + at + ": adopted");
    }
    List<String> changes = plan.changes().size() <= 3 ? plan.changes()
        : List.of(plan.changes().get(0), plan.changes().get(1), plan.changes().get(2), "…");
    return new ReconcileDecision(ReconcileDecision.Action.UPDATE, "installed before this loop on " + host
        + ", differs from commit " + at + ": " + String.join("; ", changes));
  }
}
