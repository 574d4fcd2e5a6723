package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * What one GitOps loop knows between its phases: whose stack it follows where, its state (the only part carried across
 * continue-as-new) and the operation it started and waits for.
 */
final class Loop {

  final String customer;
  final String repo;
  final String ref;
  ReconcileState state;
  LoopRun running;
  /** The commit the archive of the binary log was started with or told of in this run; null: not yet. */
  String archiving;
  /** When the maintenance window the pending commit waits for opens; null: it waits for none. */
  Instant windowOpensAt;
  /** When this run last asked the host about drift; null: not yet (a continued run asks at its first poll). */
  Instant driftCheckedAt;

  Loop(String customer, String repo, String ref, ReconcileState state) {
    this.customer = customer;
    this.repo = repo;
    this.ref = ref;
    this.state = state;
  }

  boolean failedAt(String commit) {
    return state.failed() != null && commit.equals(state.failed().commit());
  }

  ReconcileStatus status() {
    return ReconcileStatus.of(customer, LoopStatus.name(state, running, now()), state,
        running == null ? null : running.operation(), NightlyBackupClock.note(state.nightly()), repo, ref);
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
