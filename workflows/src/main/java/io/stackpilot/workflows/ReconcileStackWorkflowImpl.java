package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.DrillRequest;
import io.stackpilot.workflows.api.DrillResult;
import io.stackpilot.workflows.api.ReconcileState.Drills;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.Notification;
import io.stackpilot.workflows.api.OperationResult;
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
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  /** An operation this loop started and waits for, with the desired state it applies (none for a backup). */
  private record Running(String operation, DesiredState desired, Promise<?> result) {}

  private String customer;
  private String repo;
  private String ref;
  private ReconcileState state;
  private Running running;
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
    String type = running.operation();
    if (DrillStackWorkflow.TYPE.equals(type)) {
      settleDrill();
      running = null;
      return;
    }
    try {
      OperationResult result = (OperationResult) running.result().get();
      state = state.withLast(new Outcome(type, "completed"));
      if (BackupStackWorkflow.TYPE.equals(type)) {
        state = state.withNightly(NightlyBackupClock.taken(state.nightly(), result.backupWritten(), now(), true));
      } else {
        String commit = running.desired().commit();
        state = state.withApplied(new Applied(commit, running.desired().stack())).withFailed(null)
            .withPending(new Pending(null, type + " of commit " + ReconcileDecision.shortCommit(commit) + " completed"));
        if (result.backupWritten() != null) {
          state = state.withNightly(NightlyBackupClock.taken(state.nightly(), result.backupWritten(), now(), false));
        }
      }
    } catch (TemporalFailure e) {
      String why = Failures.rootMessage(e);
      state = state.withLast(new Outcome(type, "failed: " + why));
      if (BackupStackWorkflow.TYPE.equals(type)) {
        state = state.withNightly(NightlyBackupClock.noted(state.nightly(), "nightly backup failed at " + now() + ": "
            + why + "; tried again at the next poll"));
      } else {
        String commit = running.desired().commit();
        String reason = type + " of commit " + ReconcileDecision.shortCommit(commit) + " failed: " + why;
        state = state.withFailed(new Failed(commit, reason)).withPending(new Pending("waiting", reason
            + "; waiting for a new commit or an operator's retry (stackctl reconcile retry " + customer + ")"));
      }
    }
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

  /** Records how the drill ended and when the next is due; a failed drill asks for attention until one passes. */
  private void settleDrill() {
    Instant next = now().plus(state.applied().stack().drill() == null ? Duration.ofDays(7)
        : state.applied().stack().drill().interval());
    Drills drills;
    try {
      DrillResult result = (DrillResult) running.result().get();
      drills = new Drills(now().toString(), "passed", result.rtoSeconds(), result.rpoSeconds(), result.backupId(),
          next.toString());
      Map<String, String> tags = Map.of("customer", customer);
      Workflow.getMetricsScope().tagged(tags).gauge("stackpilot_drill_rto_seconds").update(result.rtoSeconds());
      Workflow.getMetricsScope().tagged(tags).gauge("stackpilot_drill_rpo_seconds").update(result.rpoSeconds());
      Workflow.getMetricsScope().tagged(tags).gauge("stackpilot_drill_passed").update(1);
    } catch (TemporalFailure e) {
      String why = Failures.rootMessage(e);
      log.warn("{}: drill failed: {}", customer, why);
      drills = new Drills(now().toString(), "failed: " + why, null, null, null, next.toString());
      Workflow.getMetricsScope().tagged(Map.of("customer", customer)).gauge("stackpilot_drill_passed").update(0);
    }
    state = state.withDrills(drills).withLast(new Outcome(DrillStackWorkflow.TYPE, drills.outcome().equals("passed")
        ? "completed" : drills.outcome()));
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
    if (plan.changesNothing()) {
      if (state.drift() != null) {
        log.info("{}: drift gone: {}", customer, state.drift().reason());
        state = state.withDrift(null);
      }
      return;
    }
    String reason = "changed outside Stackpilot: " + String.join("; ", plan.changes());
    ReconcileState.Drift known = state.drift();
    boolean same = known != null && known.reason().equals(reason);
    ReconcileState.Drift drift = same ? known : new ReconcileState.Drift(reason, now().toString(), null);
    if (!same) {
      log.warn("{}: drift on {}: {}", customer, host, reason);
    }
    if (selfHeal && drift.repairedAt() == null) {
      state = state.withPending(new Pending("update", "repair drift: " + reason));
      start(new ReconcileDecision(ReconcileDecision.Action.UPDATE, "repair drift: " + reason), desired);
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
    Promise<OperationResult> result = Async.function(backup::backup,
        new BackupRequest(repo, state.applied().commit(), "nightly"));
    if (started(backup, BackupStackWorkflow.TYPE)) {
      running = new Running(BackupStackWorkflow.TYPE, null, result);
    }
  }

  /**
   * Starts the drill stack.yaml asks for once it is due (the first as soon as a backup exists) and no operation runs,
   * as the stack's own operation: it restores onto a copy and leaves the running stack alone.
   */
  private void drillWhenDue() {
    Applied applied = state.applied();
    if (applied == null || applied.stack().drill() == null || running != null || state.nightly().lastBackup() == null
        || (state.drills() != null && now().isBefore(Instant.parse(state.drills().nextAt())))
        || Workflow.getVersion("drills", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    DrillStackWorkflow drill = child(DrillStackWorkflow.class, "scheduled drill of " + customer);
    Promise<DrillResult> result = Async.function(drill::drill, new DrillRequest(repo, applied.commit()));
    if (started(drill, DrillStackWorkflow.TYPE)) {
      running = new Running(DrillStackWorkflow.TYPE, null, result);
    }
  }

  /** A drill that should have run a whole interval ago and did not (paused, busy, failing to start). */
  private boolean drillOverdue() {
    Applied applied = state.applied();
    Drills drills = state.drills();
    return applied != null && applied.stack().drill() != null && drills != null
        && now().isAfter(Instant.parse(drills.nextAt()).plus(applied.stack().drill().interval()));
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
    String name = stateName();
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
    Workflow.setCurrentDetails(describe());
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
    Running waitingFor = running;
    Workflow.await(wait, () -> syncRequested || retryRequested || rolledBack != null || state.paused() != wasPaused
        || (waitingFor != null && waitingFor.result().isCompleted()));
    syncRequested = false;
  }

  // ----- helpers of the phases

  /**
   * Before this loop has applied anything, a stack may already run on the host (installed by hand, or by a loop
   * that was terminated): it is adopted when the host matches the commit, updated when it differs, and installed
   * only when it is not there. Null: decide as usual (nothing to adopt, or the host agent cannot tell).
   */
  private ReconcileDecision adoption(DesiredState desired) {
    if (state.applied() != null || failedAt(desired.commit())
        || Workflow.getVersion("adopt-installed-stack", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return null;
    }
    String host = desired.stack().host();
    String commit = ReconcileDecision.shortCommit(desired.commit());
    HostPlan plan;
    try {
      plan = StackActivities.onHost(StackActivities.PLAN_SERVICES, host, "is " + customer + " installed on " + host + "?",
          new StackActivities.HostTimeouts(StackActivities.OLD_HOST_PICKUP, StackActivities.HOST_HEARTBEAT))
          .planServices(desired);
    } catch (ActivityFailure e) {
      log.info("{}: {} cannot tell whether the stack is installed ({}): installing", customer, host, Failures.rootMessage(e));
      return null;
    }
    if (plan.present().isEmpty()) {
      return null;
    }
    if (plan.changesNothing()) {
      return new ReconcileDecision(ReconcileDecision.Action.RECORD, "installed before this loop on " + host
          + " and matching commit " + commit + ": adopted");
    }
    List<String> changes = plan.changes().size() <= 3 ? plan.changes()
        : List.of(plan.changes().get(0), plan.changes().get(1), plan.changes().get(2), "…");
    return new ReconcileDecision(ReconcileDecision.Action.UPDATE, "installed before this loop on " + host
        + ", differs from commit " + commit + ": " + String.join("; ", changes));
  }

  private boolean failedAt(String commit) {
    return state.failed() != null && commit.equals(state.failed().commit());
  }

  private void start(ReconcileDecision decision, DesiredState desired) {
    String commit = desired.commit();
    String type;
    Promise<OperationResult> result;
    Object child;
    switch (decision.action()) {
      case INSTALL -> {
        type = InstallStackWorkflow.TYPE;
        InstallStackWorkflow install = child(InstallStackWorkflow.class, "install " + commit + ": " + decision.reason());
        result = Async.function(install::install, new InstallRequest(repo, commit));
        child = install;
      }
      case UPDATE -> {
        type = UpdateStackWorkflow.TYPE;
        UpdateStackWorkflow update = child(UpdateStackWorkflow.class, "update to " + commit + ": " + decision.reason());
        result = Async.function(update::update, new StackRequest(repo, commit));
        child = update;
      }
      default -> {
        type = MigrateStackWorkflow.TYPE;
        MigrateStackWorkflow migrate = child(MigrateStackWorkflow.class, "migrate to " + commit + ": " + decision.reason());
        result = Async.function(migrate::migrate, new MigrateRequest(repo, commit, state.applied().stack().host(), true));
        child = migrate;
      }
    }
    if (started(child, type)) {
      log.info("{}: started {} for commit {}: {}", customer, type, commit, decision.reason());
      running = new Running(type, desired, result);
    }
  }

  /** False when the stack is busy with an operation someone else started: try again at the next poll. */
  private boolean started(Object child, String type) {
    try {
      Workflow.getWorkflowExecution(child).get();
      return true;
    } catch (ChildWorkflowFailure e) {
      if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
        throw e;
      }
      busy(type);
      return false;
    } catch (WorkflowExecutionAlreadyStarted e) {
      busy(type);
      return false;
    }
  }

  private void busy(String type) {
    String why = StackNames.operationId(customer) + " is busy with an operation started elsewhere at " + now()
        + "; tried again at the next poll";
    if (BackupStackWorkflow.TYPE.equals(type)) {
      state = state.withNightly(NightlyBackupClock.noted(state.nightly(), "nightly backup skipped: " + why));
    } else if (DrillStackWorkflow.TYPE.equals(type)) {
      state = state.withPoll(new Poll(state.poll().lastPollAt(), "drill not started: " + why));
    } else {
      state = state.withPoll(new Poll(state.poll().lastPollAt(), type + " not started: " + why));
    }
  }

  private String stateName() {
    if (state.paused()) {
      return ReconcileStatus.PAUSED;
    }
    if (running != null) {
      return BackupStackWorkflow.TYPE.equals(running.operation()) ? ReconcileStatus.BACKING_UP
          : DrillStackWorkflow.TYPE.equals(running.operation()) ? ReconcileStatus.DRILLING : ReconcileStatus.APPLYING;
    }
    if (state.nightly().overdue()) {
      return ReconcileStatus.BACKUP_OVERDUE;
    }
    if (state.failed() != null) {
      return state.failed().rolledBack() ? ReconcileStatus.ROLLED_BACK : ReconcileStatus.WAITING_FOR_OPERATOR;
    }
    if (state.drills() != null && state.drills().failed()) {
      return ReconcileStatus.DRILL_FAILED;
    }
    if (drillOverdue()) {
      return ReconcileStatus.DRILL_OVERDUE;
    }
    if (state.drift() != null) {
      return ReconcileStatus.DRIFTED;
    }
    return ReconcileStatus.WATCHING;
  }

  private String describe() {
    ReconcileStatus s = status();
    StringBuilder text = new StringBuilder("ReconcileStack of " + customer + ": " + s.state());
    if (s.appliedCommit() != null) {
      text.append("\napplied: commit ").append(ReconcileDecision.shortCommit(s.appliedCommit())).append(", release ")
          .append(s.release()).append(" on ").append(s.host());
    }
    if (s.running() != null) {
      text.append("\nrunning: ").append(s.running()).append(" as ").append(StackNames.operationId(customer));
    }
    if (s.pendingReason() != null) {
      text.append("\n").append(s.pendingReason());
    }
    text.append("\nlast backup: ").append(s.lastBackup() == null ? "none" : s.lastBackup() + " at " + s.lastBackupAt());
    if (s.nextBackupAt() != null) {
      text.append("; next at ").append(s.nextBackupAt());
    }
    if (s.lastDrill() != null) {
      text.append("\nlast drill: ").append(s.lastDrill()).append("; next at ").append(s.nextDrillAt());
    }
    if (s.drift() != null) {
      text.append("\ndrift since ").append(s.driftSince()).append(": ").append(s.drift())
          .append(s.driftRepairedAt() == null ? "" : " (repair started at " + s.driftRepairedAt() + ")");
    }
    if (s.lastError() != null) {
      text.append("\nlast error: ").append(s.lastError());
    }
    return text.toString();
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
    return ReconcileStatus.of(customer, stateName(), state, running == null ? null : running.operation(),
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
