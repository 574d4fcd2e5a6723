package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.Notification;
import io.stackpilot.workflows.api.ReconcileState.Applied;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.steps.Notifications;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.stackpilot.workflows.fleet.FleetPublisher;
import io.temporal.workflow.Workflow;

/**
 * What the loop shows outside: its search attributes, upserted only when they change (every upsert is an event in the
 * loop's history), its current details, what the fleet index shows of it (sent only when that changes), and a
 * notification once per cause when its state asks for attention.
 */
final class LoopPublisher {

  private String publishedState;
  private String publishedApplied;
  private FleetLoop indexed;

  void publish(Loop loop) {
    String name = LoopStatus.name(loop.state, loop.running, Loop.now());
    if (!name.equals(publishedState)) {
      Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(name));
      publishedState = name;
      notifyAbout(loop, name);
    }
    Applied applied = loop.state.applied();
    if (applied != null && !(applied.stack().release() + " on " + applied.stack().host()).equals(publishedApplied)) {
      Workflow.upsertTypedSearchAttributes(StackSearchAttributes.RELEASE.valueSet(applied.stack().release()),
          StackSearchAttributes.HOST.valueSet(applied.stack().host()));
      publishedApplied = applied.stack().release() + " on " + applied.stack().host();
    }
    Workflow.setCurrentDetails(LoopStatus.describe(loop.customer, loop.status()));
    FleetLoop shown = FleetLoop.of(loop.status());
    if (!shown.equals(indexed)) {
      FleetPublisher.loop(loop.customer, shown);
      indexed = shown;
    }
  }

  /** The backup that is too old, the drill that failed: each told once. */
  private static void notifyAbout(Loop loop, String name) {
    ReconcileStatus s = loop.status();
    if (ReconcileStatus.BACKUP_OVERDUE.equals(name)) {
      Notifications.send(Notification.BACKUP_OVERDUE, "after." + s.lastBackup(), loop.customer,
          ReconcileStackWorkflow.TYPE, "backups of " + loop.customer + " are overdue: the newest complete one is "
              + (s.lastBackup() == null ? "none" : s.lastBackup() + " taken " + s.lastBackupAt()));
    } else if (ReconcileStatus.DRILL_FAILED.equals(name)) {
      Notifications.send(Notification.DRILL_FAILED, "at." + loop.state.drills().lastAt(), loop.customer,
          ReconcileStackWorkflow.TYPE, "drill of " + loop.customer + " " + s.lastDrill());
    }
  }
}
