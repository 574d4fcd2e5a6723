package io.stackpilot.workflows.reconcile;

import io.stackpilot.model.MaintenancePolicy;
import io.stackpilot.workflows.activities.DesiredState;
import java.time.Instant;

/**
 * Whether the loop may start what a commit asks for now: an update or a migration restarts services, so with
 * {@code maintenance.windows} in stack.yaml it waits for a window unless the commit is marked {@code Urgent: true} or
 * an operator asked for it now ({@code stackctl update --now}); either is recorded in the reason. A first install
 * disturbs nobody and is not held. Pure, so the workflow may ask it.
 */
record MaintenanceGate(boolean held, String reason, Instant opensAt, String override) {

  /**
   * {@code nowBy}: who asked to apply now, or null. {@code override}: why a commit goes ahead outside the windows, kept
   * in the loop's status after the operation ended.
   */
  static MaintenanceGate check(ReconcileDecision decision, DesiredState desired, Instant now, String nowBy) {
    MaintenancePolicy policy = desired.stack().maintenance();
    if (policy == null || decision.action() == ReconcileDecision.Action.INSTALL) {
      return new MaintenanceGate(false, decision.reason(), null, null);
    }
    var open = policy.openAt(now);
    if (open.isPresent()) {
      return new MaintenanceGate(false, decision.reason() + " (in the window " + open.get().window() + ")", null, null);
    }
    if (desired.urgent()) {
      return overridden(decision, "outside the maintenance windows: the commit is marked Urgent: true");
    }
    if (nowBy != null) {
      return overridden(decision, "outside the maintenance windows: asked for now by " + nowBy);
    }
    MaintenancePolicy.Opening next = policy.next(now);
    return new MaintenanceGate(true, "waiting for the window " + policy.describe(next) + " (" + next.start() + "): "
        + decision.reason() + "; `stackctl update " + desired.stack().customer() + " --now` applies it now", next.start(),
        null);
  }

  private static MaintenanceGate overridden(ReconcileDecision decision, String override) {
    return new MaintenanceGate(false, decision.reason() + " (" + override + ")", null, override);
  }
}
