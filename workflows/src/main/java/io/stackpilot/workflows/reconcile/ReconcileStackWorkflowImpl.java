package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileState.Applied;
import io.stackpilot.workflows.api.ReconcileState.Failed;
import io.stackpilot.workflows.api.ReconcileState.Pending;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.RolledBack;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The GitOps loop of one customer. Each pass: settle the operation it started, fetch the repo, decide what the new
 * commit asks for, run it as a child operation, back up when the nightly backup is due, check that the newest
 * backup is fresh; then sleep until the next poll, a signal or the end of the running operation. Its whole state
 * is one {@link ReconcileState}, carried across continue-as-new as it is.
 */
public class ReconcileStackWorkflowImpl implements ReconcileStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";
  static final Duration DEFAULT_POLL = Duration.ofMinutes(1);
  static final Duration DEFAULT_OVERDUE = Duration.ofHours(26);
  static final Duration DEFAULT_DRIFT_CHECK = Duration.ofMinutes(15);
  static final int DEFAULT_MAX_ITERATIONS = 500;
  static final long MAX_HISTORY = 2000;

  private static final Logger log = Workflow.getLogger(ReconcileStackWorkflowImpl.class);

  private final LoopPublisher publisher = new LoopPublisher();
  private Loop loop;
  private boolean syncRequested;
  private boolean retryRequested;
  /** Who asked to apply the commit waiting for its window now; null: nobody. */
  private String applyNowBy;
  private RolledBack rolledBack;
  /** Spreads the polls of loops started together: {@link Workflow#newRandom()}, seeded per run. */
  private java.util.Random random;

  @Override
  public void reconcile(ReconcileRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    String ref = Inputs.ref(request.ref());
    Duration poll = Inputs.duration("pollInterval", request.pollInterval(), DEFAULT_POLL);
    Duration overdueAfter = Inputs.duration("backupOverdueAfter", request.backupOverdueAfter(), DEFAULT_OVERDUE);
    Duration driftEvery = Inputs.duration("driftCheckEvery", request.driftCheckEvery(), DEFAULT_DRIFT_CHECK);
    int maxIterations = request.maxIterations() == null ? DEFAULT_MAX_ITERATIONS : request.maxIterations();
    if (maxIterations < 1) {
      throw Inputs.invalid("input: maxIterations: " + maxIterations + " must be at least 1");
    }
    String id = Workflow.getInfo().getWorkflowId();
    String customer = StackNames.customerOfReconcile(id).orElseThrow(() ->
        Inputs.invalid("workflow id '" + id + "' must be " + StackNames.reconcileId("<customer>")));
    loop = new Loop(customer, repo, ref, request.state() == null ? ReconcileState.initial() : request.state());
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.CUSTOMER.valueSet(customer));

    for (int iteration = 1; ; iteration++) {
      settle();
      takeRollback();
      if (!loop.state.paused()) {
        takeRetry();
        if (loop.running == null) {
          DesiredState desired = LoopProbes.fetch(loop);
          if (desired != null) {
            run(decide(desired), desired);
            applyNowBy = null;
            DriftRepair.check(loop, desired, request.healsDrift(), driftEvery);
          }
        }
        LoopStarts.backUpWhenDue(loop);
        LoopStarts.archiveWhenAsked(loop);
      }
      LoopProbes.checkFreshness(loop, overdueAfter);
      if (!loop.state.paused()) {
        LoopStarts.drillWhenDue(loop);
      }
      publisher.publish(loop);
      if (loop.running == null && (iteration >= maxIterations || Workflow.getInfo().isContinueAsNewSuggested()
          || historyTooLong())) {
        Workflow.continueAsNew(request.withState(loop.state));
      }
      sleep(poll);
    }
  }

  /**
   * A loop not in the worker's cache replays its history at each wake-up: past {@link #MAX_HISTORY} events it
   * continues as new, so a replay stays short whatever the poll (500 quiet polls are about 4,000 events).
   */
  private static boolean historyTooLong() {
    return Workflow.getInfo().getHistoryLength() > MAX_HISTORY
        && Workflow.getVersion("history-bound", Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Records how the operation this loop started ended. */
  private void settle() {
    if (loop.running != null && loop.running.result().isCompleted()) {
      loop.state = loop.running.settled(loop.state, Loop.now(), loop.customer);
      loop.running = null;
    }
  }

  /**
   * A rollback the operator ran: the stack runs the earlier commit again, and the commit it came from is held like a
   * failed one, so that the next poll does not undo the rollback.
   */
  private void takeRollback() {
    if (rolledBack == null) {
      return;
    }
    RolledBack notice = rolledBack;
    rolledBack = null;
    String reason = "rolled back from commit " + StackNames.shortCommit(notice.from()) + " to commit "
        + StackNames.shortCommit(notice.commit()) + " with backup " + notice.backupId() + " at " + notice.at();
    log.info("{}: {}", loop.customer, reason);
    loop.state = loop.state.withApplied(new Applied(notice.commit(), notice.stack()))
        .ended(RolledBack.OPERATION, "completed")
        .withNightly(NightlyBackupClock.recheck(loop.state.nightly()))
        .withFailed(new Failed(notice.from(), reason, true))
        .withPending(new Pending("waiting", reason + "; nothing is applied until a new commit or an operator's retry "
            + "(stackctl reconcile retry " + loop.customer + ")"));
  }

  /** An operator's retry forgets the failed commit, so that it is decided again. */
  private void takeRetry() {
    if (retryRequested) {
      retryRequested = false;
      loop.state = loop.state.withFailed(null);
    }
  }

  /** What the commit asks for: adopting a stack that runs already, else the difference to what was applied. */
  private ReconcileDecision decide(DesiredState desired) {
    ReconcileDecision adopted = LoopProbes.adoption(loop, desired);
    if (adopted != null) {
      return adopted;
    }
    Applied applied = loop.state.applied();
    Failed failed = loop.state.failed();
    return ReconcileDecision.decide(applied == null ? null : applied.commit(), applied == null ? null : applied.stack(),
        failed == null ? null : failed.commit(), failed == null ? null : failed.reason(), desired);
  }

  /** Records the decision, and starts the operation it asks for. */
  private void run(ReconcileDecision decision, DesiredState desired) {
    switch (decision.action()) {
      case NOTHING -> loop.state = loop.state.withPending(new Pending(loop.failedAt(desired.commit()) ? "waiting" : null,
          decision.reason()));
      case RECORD -> {
        log.info("{}: {}", loop.customer, decision.reason());
        loop.state = loop.state.withApplied(new Applied(desired.commit(), desired.stack()))
            .withPending(new Pending(null, decision.reason()));
      }
      case INSTALL, UPDATE, MIGRATE -> {
        MaintenanceGate gate = MaintenanceGate.check(decision, desired, Loop.now(), applyNowBy);
        loop.windowOpensAt = gate.opensAt();
        if (gate.held()) {
          loop.state = loop.state.withPending(new Pending(Pending.WINDOW, gate.reason()));
          return;
        }
        ReconcileDecision gated = new ReconcileDecision(decision.action(), gate.reason());
        loop.state = loop.state.withPending(new Pending(decision.action().name().toLowerCase(), gated.reason()));
        LoopStarts.apply(loop, gated, desired, gate.override());
      }
    }
  }

  /**
   * The poll shortened by up to a tenth at random (the same random on replay): loops started together, by a script or
   * a restore of the fleet, drift apart instead of fetching their repos in the same second for ever.
   */
  private Duration spread(Duration poll) {
    if (Workflow.getVersion("poll-spread", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return poll;
    }
    if (random == null) {
      random = Workflow.newRandom();
    }
    return poll.minusMillis((long) (random.nextDouble() * poll.toMillis() / 10));
  }

  /** Until the next poll (sooner when the nightly backup comes first), a signal, or the end of the running operation. */
  private void sleep(Duration poll) {
    boolean wasPaused = loop.state.paused();
    Duration wait = wasPaused ? poll : NightlyBackupClock.sleep(loop.state.nightly(), Loop.now(), spread(poll));
    if (!wasPaused && loop.windowOpensAt != null && loop.running == null) {
      Duration untilWindow = Duration.between(Loop.now(), loop.windowOpensAt);
      wait = untilWindow.isNegative() ? Duration.ZERO : untilWindow.compareTo(wait) < 0 ? untilWindow : wait;
    }
    LoopRun waitingFor = loop.running;
    Workflow.await(wait, () -> syncRequested || retryRequested || rolledBack != null || loop.state.paused() != wasPaused
        || (waitingFor != null && waitingFor.result().isCompleted()));
    if (syncRequested) {
      // Asked to look now: the host's drift too, whatever its schedule.
      loop.driftCheckedAt = null;
    }
    syncRequested = false;
  }

  @Override
  public void sync() {
    syncRequested = true;
  }

  @Override
  public void pause(String reason) {
    loop.state = loop.state.withPausedReason(reason == null || reason.isBlank() ? "no reason given" : reason);
  }

  @Override
  public void resume() {
    loop.state = loop.state.withPausedReason(null);
  }

  @Override
  public void retry() {
    retryRequested = true;
  }

  @Override
  public void applyNow(String by) {
    applyNowBy = by == null || by.isBlank() ? "an operator" : by.length() > 200 ? by.substring(0, 200) + "…" : by;
    syncRequested = true;
  }

  @Override
  public void rolledBack(RolledBack notice) {
    rolledBack = notice;
  }

  @Override
  public ReconcileStatus status() {
    return loop.status();
  }
}
