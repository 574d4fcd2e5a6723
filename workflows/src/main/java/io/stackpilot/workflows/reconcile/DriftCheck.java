package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.ReconcileState.Drift;
import java.time.Instant;

/** What the host's plan for the applied commit says of drift: none, the drift already known, or a new one. */
final class DriftCheck {

  private DriftCheck() {}

  /** The drift the plan shows ({@code known} itself when it is the same); null when the host matches the commit. */
  static Drift of(HostPlan plan, Drift known, Instant now) {
    if (plan.changesNothing()) {
      return null;
    }
    String reason = "changed outside Stackpilot: " + String.join("; ", plan.changes());
    return known != null && known.reason().equals(reason) ? known : new Drift(reason, now.toString(), null);
  }
}
