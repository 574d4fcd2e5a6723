package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.ReconcileState.Applied;
import io.stackpilot.workflows.api.ReconcileState.Drift;
import io.stackpilot.workflows.api.ReconcileState.Pending;
import io.stackpilot.workflows.api.ReconcileState.Poll;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Whether the host still runs what the applied commit says, asked of its agent while nothing else happens, at most
 * once per {@code every} (a host plan per poll would cost every stack an activity on its host each minute): a
 * container stopped, removed or replaced by hand is drift. With self-heal, an UpdateStack of the applied
 * commit repairs it — once per drift: a drift that outlives its repair is reported, not repaired again, until it
 * changes or goes away.
 */
final class DriftRepair {

  private static final Logger log = Workflow.getLogger(DriftRepair.class);

  private DriftRepair() {}

  static void check(Loop loop, DesiredState desired, boolean selfHeal, Duration every) {
    Applied applied = loop.state.applied();
    if (loop.running != null || applied == null || loop.state.failed() != null
        || !desired.commit().equals(applied.commit())
        || Workflow.getVersion("drift", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    if (Workflow.getVersion("drift-schedule", Workflow.DEFAULT_VERSION, 1) >= 1) {
      if (loop.driftCheckedAt != null && Loop.now().isBefore(loop.driftCheckedAt.plus(every))) {
        return;
      }
      loop.driftCheckedAt = Loop.now();
    }
    String host = desired.stack().host();
    HostPlan plan;
    try {
      plan = LoopProbes.plan(desired, "does " + loop.customer + " on " + host + " still match commit "
          + StackNames.shortCommit(desired.commit()) + "?");
    } catch (ActivityFailure e) {
      loop.state = loop.state.withPoll(new Poll(loop.state.poll().lastPollAt(), "cannot ask " + host + " for drift: "
          + Failures.rootMessage(e)));
      return;
    }
    Drift known = loop.state.drift();
    Drift drift = DriftCheck.of(plan, known, Loop.now());
    if (drift == null) {
      if (known != null) {
        log.info("{}: drift gone: {}", loop.customer, known.reason());
        loop.state = loop.state.withDrift(null);
      }
      return;
    }
    if (drift != known) {
      log.warn("{}: drift on {}: {}", loop.customer, host, drift.reason());
    }
    if (selfHeal && drift.repairedAt() == null) {
      loop.state = loop.state.withPending(new Pending("update", "repair drift: " + drift.reason()));
      // Not held for a maintenance window: it brings back what the commit already runs, which someone changed by hand.
      LoopStarts.apply(loop, new ReconcileDecision(ReconcileDecision.Action.UPDATE, "repair drift: " + drift.reason()),
          desired, null);
      if (loop.running != null) {
        drift = new Drift(drift.reason(), drift.since(), Loop.now().toString());
      }
    }
    loop.state = loop.state.withDrift(drift);
  }
}
