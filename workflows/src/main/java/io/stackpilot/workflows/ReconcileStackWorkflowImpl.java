package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.DrillRequest;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.Notification;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileState.Applied;
import io.stackpilot.workflows.api.ReconcileState.Failed;
import io.stackpilot.workflows.api.ReconcileState.Outcome;
import io.stackpilot.workflows.api.ReconcileState.Pending;
import io.stackpilot.workflows.api.ReconcileState.Poll;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.RolledBack;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
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
  static final int DEFAULT_MAX_ITERATIONS = 500;

  private static final Logger log = Workflow.getLogger(ReconcileStackWorkflowImpl.class);

  private String customer;
  private String repo;
  private String ref;
  private ReconcileState state;
  private LoopRun running;
  private String publishedState;
  private String publishedApplied;
  private boolean syncRequested;
  private boolean retryRequested;
  private RolledBack rolledBack;

  @Override
  public void reconcile(ReconcileRequest request) {
    Inputs.present(request, EXAMPLE);
    repo = Inputs.repo(request.repo(), EXAMPLE);
    ref = Inputs.ref(request.ref());
    Duration poll = Inputs.duration("pollInterval", request.pollInterval(), DEFAULT_POLL);
    Duration overdueAfter = Inputs.duration("backupOverdueAfter", request.backupOverdueAfter(), DEFAULT_OVERDUE);
    int maxIterations = request.maxIterations() == null ? DEFAULT_MAX_ITERATIONS : request.maxIterations();
    if (maxIterations < 1) {
      throw Inputs.invalid("input: maxIterations: " + maxIterations + " must be at least 1");
    }
    String id = Workflow.getInfo().getWorkflowId();
    customer = StackNames.customerOfReconcile(id).orElseThrow(() ->
        Inputs.invalid("workflow id '" + id + "' must be " + StackNames.reconcileId("<customer>")));
    state = request.state() == null ? ReconcileState.initial() : request.state();
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.CUSTOMER.valueSet(customer));

    for (int iteration = 1; ; iteration++) {
      settle();
      takeRollback();
      if (!state.paused()) {
        takeRetry();
        if (running == null) {
          DesiredState desired = fetch();
          if (desired != null) {
            run(decide(desired), desired);
            checkDrift(desired, request.healsDrift());
          }
        }
        backUpWhenDue();
      }
      checkFreshness(overdueAfter);
      if (!state.paused()) {
        drillWhenDue();
      }
      publish();
      if (running == null && (iteration >= maxIterations || Workflow.getInfo().isContinueAsNewSuggested())) {
        Workflow.continueAsNew(request.withState(state));
      }
      sleep(poll);
    }
  }

  // ----- the phases

  /** Records how the operation this loop started ended. */
  private void settle() {
    if (running == null || !running.result().isCompleted()) {
      return;
    }
    state = running.settled(state, now(), customer);
    running = null;
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
    String reason = "rolled back from commit " + ReconcileDecision.shortCommit(notice.from()) + " to commit "
        + ReconcileDecision.shortCommit(notice.commit()) + " with backup " + notice.backupId() + " at " + notice.at();
    log.info("{}: {}", customer, reason);
    state = state.withApplied(new Applied(notice.commit(), notice.stack()))
        .withLast(new Outcome(RollbackStackWorkflow.TYPE, "completed"))
        .withNightly(NightlyBackupClock.recheck(state.nightly()))
        .withFailed(new Failed(notice.from(), reason, true))
        .withPending(new Pending("waiting", reason + "; nothing is applied until a new commit or an operator's retry "
            + "(stackctl reconcile retry " + customer + ")"));
  }

  /** An operator's retry forgets the failed commit, so that it is decided again. */
  private void takeRetry() {
    if (retryRequested) {
      retryRequested = false;
      state = state.withFailed(null);
    }
  }

  /** The desired state at the followed ref; null when it cannot be read or is another customer's (reported). */
  private DesiredState fetch() {
    String at = now().toString();
    DesiredState desired;
    try {
      desired = StackActivities.control(StackActivities.FETCH_DESIRED_STATE, "fetch " + ref + " of " + repo)
          .fetchDesiredState(repo, ref);
    } catch (ActivityFailure e) {
      state = state.withPoll(new Poll(at, "cannot read " + ref + " of " + repo + ": " + Failures.rootMessage(e)));
      return null;
    }
    if (!desired.stack().customer().equals(customer)) {
      state = state.withPoll(new Poll(at, "stack.yaml at " + ReconcileDecision.shortCommit(desired.commit())
          + " is the stack of '" + desired.stack().customer() + "', not '" + customer + "': nothing is applied"));
      return null;
    }
    state = state.withPoll(new Poll(at, null));
    return desired;
  }

  /** What the commit asks for: adopting a stack that runs already, else the difference to what was applied. */
  private ReconcileDecision decide(DesiredState desired) {
    ReconcileDecision adopted = adoption(desired);
    if (adopted != null) {
      return adopted;
    }
    Applied applied = state.applied();
    Failed failed = state.failed();
    return ReconcileDecision.decide(applied == null ? null : applied.commit(), applied == null ? null : applied.stack(),
        failed == null ? null : failed.commit(), failed == null ? null : failed.reason(), desired);
  }

  /** Records the decision, and starts the operation it asks for. */
  private void run(ReconcileDecision decision, DesiredState desired) {
    switch (decision.action()) {
      case NOTHING -> state = state.withPending(new Pending(failedAt(desired.commit()) ? "waiting" : null, decision.reason()));
      case RECORD -> {
        log.info("{}: {}", customer, decision.reason());
        state = state.withApplied(new Applied(desired.commit(), desired.stack()))
            .withPending(new Pending(null, decision.reason()));
      }
      case INSTALL, UPDATE, MIGRATE -> {
        state = state.withPending(new Pending(decision.action().name().toLowerCase(), decision.reason()));
        start(decision, desired);
      }
    }
  }

  /**
   * Whether the host still runs what the applied commit says, asked of its agent at every poll while nothing else
   * happens (an unchanged stack plans in milliseconds): a container stopped, removed or replaced by hand is drift.
   * With self-heal, an UpdateStack of the applied commit repairs it — once per drift: a drift that outlives its
   * repair is reported, not repaired again, until it changes or goes away.
   */
  private void checkDrift(DesiredState desired, boolean selfHeal) {
    Applied applied = state.applied();
    if (running != null || applied == null || state.failed() != null || !desired.commit().equals(applied.commit())
        || Workflow.getVersion("drift", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    String host = desired.stack().host();
    HostPlan plan;
    try {
      plan = StackActivities.onHost(StackActivities.PLAN_SERVICES, host, "does " + customer + " on " + host
          + " still match commit " + ReconcileDecision.shortCommit(desired.commit()) + "?",
          new StackActivities.HostTimeouts(StackActivities.OLD_HOST_PICKUP, StackActivities.HOST_HEARTBEAT))
          .planServices(desired);
    } catch (ActivityFailure e) {
      state = state.withPoll(new Poll(state.poll().lastPollAt(), "cannot ask " + host + " for drift: "
          + Failures.rootMessage(e)));
      return;
    }
    ReconcileState.Drift known = state.drift();
    ReconcileState.Drift drift = DriftCheck.of(plan, known, now());
    if (drift == null) {
      if (known != null) {
        log.info("{}: drift gone: {}", customer, known.reason());
        state = state.withDrift(null);
      }
      return;
    }
    if (drift != known) {
      log.warn("{}: drift on {}: {}", customer, host, drift.reason());
    }
    if (selfHeal && drift.repairedAt() == null) {
      state = state.withPending(new Pending("update", "repair drift: " + drift.reason()));
      start(new ReconcileDecision(ReconcileDecision.Action.UPDATE, "repair drift: " + drift.reason()), desired);
      if (running != null) {
        drift = new ReconcileState.Drift(drift.reason(), drift.since(), now().toString());
      }
    }
    state = state.withDrift(drift);
  }

  /** Starts the nightly backup once its time has come and no operation runs. */
  private void backUpWhenDue() {
    state = state.withNightly(NightlyBackupClock.tick(state.nightly(), now(),
        state.applied() == null ? null : state.applied().stack().backup()));
    if (!state.nightly().due() || running != null) {
      return;
    }
    BackupStackWorkflow backup = child(BackupStackWorkflow.class, "nightly backup of " + customer);
    start(backup, new LoopRun.NightlyBackup(Async.function(backup::backup,
        new BackupRequest(repo, state.applied().commit(), "nightly"))));
  }

  /**
   * Starts the drill stack.yaml asks for once it is due (the first as soon as a backup exists) and no operation runs,
   * as the stack's own operation: it restores onto a copy and leaves the running stack alone.
   */
  private void drillWhenDue() {
    if (running != null || !DrillClock.due(state, now())
        || Workflow.getVersion("drills", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    DrillStackWorkflow drill = child(DrillStackWorkflow.class, "scheduled drill of " + customer);
    start(drill, new LoopRun.Drill(Async.function(drill::drill, new DrillRequest(repo, state.applied().commit()))));
  }

  /** The newest complete backup in the store, hourly and after every backup: older than the limit is overdue. */
  private void checkFreshness(Duration overdueAfter) {
    if (state.applied() == null || !NightlyBackupClock.freshnessDue(state.nightly(), now())) {
      return;
    }
    String store = state.applied().stack().backup().store();
    try {
      BackupRef newest = StackActivities.control(StackActivities.FIND_NEWEST_BACKUP,
          "find the newest backup of " + customer).findNewestBackup(store, customer);
      state = state.withNightly(NightlyBackupClock.checked(state.nightly(), newest, now(), overdueAfter));
    } catch (ActivityFailure e) {
      state = state.withNightly(NightlyBackupClock.unreadable(state.nightly(), now()))
          .withPoll(new Poll(state.poll().lastPollAt(), "cannot read the backup store " + store + ": "
              + Failures.rootMessage(e)));
    }
  }

  /** Search attributes only when they change: every upsert is an event in the loop's history. */
  private void publish() {
    String name = LoopStatus.name(state, running, now());
    if (!name.equals(publishedState)) {
      Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(name));
      publishedState = name;
      notifyAbout(name);
    }
    Applied applied = state.applied();
    if (applied != null && !(applied.stack().release() + " on " + applied.stack().host()).equals(publishedApplied)) {
      Workflow.upsertTypedSearchAttributes(StackSearchAttributes.RELEASE.valueSet(applied.stack().release()),
          StackSearchAttributes.HOST.valueSet(applied.stack().host()));
      publishedApplied = applied.stack().release() + " on " + applied.stack().host();
    }
    Workflow.setCurrentDetails(LoopStatus.describe(customer, status()));
  }

  /** A state that asks for attention is told once per cause: the backup that is too old, the drill that failed. */
  private void notifyAbout(String name) {
    ReconcileStatus s = status();
    if (ReconcileStatus.BACKUP_OVERDUE.equals(name)) {
      Notifications.send(Notification.BACKUP_OVERDUE, "after." + s.lastBackup(), customer, ReconcileStackWorkflow.TYPE,
          "backups of " + customer + " are overdue: the newest complete one is " + (s.lastBackup() == null ? "none"
              : s.lastBackup() + " taken " + s.lastBackupAt()));
    } else if (ReconcileStatus.DRILL_FAILED.equals(name)) {
      Notifications.send(Notification.DRILL_FAILED, "at." + state.drills().lastAt(), customer, ReconcileStackWorkflow.TYPE,
          "drill of " + customer + " " + s.lastDrill());
    }
  }

  /** Until the next poll (sooner when the nightly backup comes first), a signal, or the end of the running operation. */
  private void sleep(Duration poll) {
    Duration wait = state.paused() ? poll : NightlyBackupClock.sleep(state.nightly(), now(), poll);
    boolean wasPaused = state.paused();
    LoopRun waitingFor = running;
    Workflow.await(wait, () -> syncRequested || retryRequested || rolledBack != null || state.paused() != wasPaused
        || (waitingFor != null && waitingFor.result().isCompleted()));
    syncRequested = false;
  }

  // ----- helpers of the phases

  /** A stack already on the host before this loop applied anything ({@link Adoption}); null: decide as usual. */
  private ReconcileDecision adoption(DesiredState desired) {
    if (state.applied() != null || failedAt(desired.commit())
        || Workflow.getVersion("adopt-installed-stack", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return null;
    }
    String host = desired.stack().host();
    try {
      return Adoption.of(StackActivities.onHost(StackActivities.PLAN_SERVICES, host, "is " + customer + " installed on "
          + host + "?", new StackActivities.HostTimeouts(StackActivities.OLD_HOST_PICKUP, StackActivities.HOST_HEARTBEAT))
          .planServices(desired), host, desired.commit());
    } catch (ActivityFailure e) {
      log.info("{}: {} cannot tell whether the stack is installed ({}): installing", customer, host, Failures.rootMessage(e));
      return null;
    }
  }

  private boolean failedAt(String commit) {
    return state.failed() != null && commit.equals(state.failed().commit());
  }

  private void start(ReconcileDecision decision, DesiredState desired) {
    String commit = desired.commit();
    LoopRun run;
    Object child;
    switch (decision.action()) {
      case INSTALL -> {
        InstallStackWorkflow install = child(InstallStackWorkflow.class, "install " + commit + ": " + decision.reason());
        run = new LoopRun.Apply(InstallStackWorkflow.TYPE, desired, Async.function(install::install,
            new InstallRequest(repo, commit)));
        child = install;
      }
      case UPDATE -> {
        UpdateStackWorkflow update = child(UpdateStackWorkflow.class, "update to " + commit + ": " + decision.reason());
        run = new LoopRun.Apply(UpdateStackWorkflow.TYPE, desired, Async.function(update::update,
            new StackRequest(repo, commit)));
        child = update;
      }
      default -> {
        MigrateStackWorkflow migrate = child(MigrateStackWorkflow.class, "migrate to " + commit + ": " + decision.reason());
        run = new LoopRun.Apply(MigrateStackWorkflow.TYPE, desired, Async.function(migrate::migrate,
            new MigrateRequest(repo, commit, state.applied().stack().host(), true)));
        child = migrate;
      }
    }
    if (start(child, run)) {
      log.info("{}: started {} for commit {}: {}", customer, run.operation(), commit, decision.reason());
    }
  }

  /** Runs {@code run} unless the stack is busy with an operation someone else started: then try again at the next poll. */
  private boolean start(Object child, LoopRun run) {
    try {
      Workflow.getWorkflowExecution(child).get();
      running = run;
      return true;
    } catch (ChildWorkflowFailure e) {
      if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
        throw e;
      }
    } catch (WorkflowExecutionAlreadyStarted e) {
      // busy, as below
    }
    state = run.busy(state, StackNames.operationId(customer) + " is busy with an operation started elsewhere at " + now()
        + "; tried again at the next poll");
    return false;
  }

  // ----- signals and the query

  @Override
  public void sync() {
    syncRequested = true;
  }

  @Override
  public void pause(String reason) {
    state = state.withPausedReason(reason == null || reason.isBlank() ? "no reason given" : reason);
  }

  @Override
  public void resume() {
    state = state.withPausedReason(null);
  }

  @Override
  public void retry() {
    retryRequested = true;
  }

  @Override
  public void rolledBack(RolledBack notice) {
    rolledBack = notice;
  }

  @Override
  public ReconcileStatus status() {
    return ReconcileStatus.of(customer, LoopStatus.name(state, running, now()), state,
        running == null ? null : running.operation(),
        NightlyBackupClock.note(state.nightly()), repo, ref);
  }

  private <T> T child(Class<T> type, String summary) {
    return Workflow.newChildWorkflowStub(type, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.operationId(customer))
        .setTaskQueue(StackNames.TASK_QUEUE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        // An operation keeps going if the loop is terminated: it may be halfway through a restore.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setStaticSummary(summary)
        .build());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
