package io.stackpilot.workflows;

import io.stackpilot.model.StackSpec;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.activities.HostStack;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackRequest;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;

public class ReconcileStackWorkflowImpl implements ReconcileStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";
  static final Duration DEFAULT_POLL = Duration.ofMinutes(1);
  static final Duration DEFAULT_OVERDUE = Duration.ofHours(26);
  static final int DEFAULT_MAX_ITERATIONS = 500;
  private static final Duration FRESHNESS_EVERY = Duration.ofHours(1);

  private static final Logger log = Workflow.getLogger(ReconcileStackWorkflowImpl.class);

  private String customer;
  private String repo;
  private String ref;
  private String appliedCommit;
  private StackSpec applied;
  private String lastOperation;
  private String lastOutcome;
  private String failedCommit;
  private String failedReason;
  private boolean paused;
  private String pausedReason;
  private String lastBackup;
  private String lastBackupAt;
  private Instant nextBackupAt;
  private boolean backupDue;
  private String backupNote;
  private boolean overdue;
  private Instant freshnessCheckedAt;
  private String pendingChange;
  private String pendingReason;
  private String lastPollAt;
  private String lastError;
  private String publishedState;
  private String publishedApplied;
  private boolean syncRequested;
  private boolean retryRequested;

  /** The operation this loop started and waits for, with the commit it applies. */
  private Promise<OperationResult> running;
  private String runningOperation;
  private DesiredState runningDesired;

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
    if (!id.startsWith("reconcile-") || id.length() == "reconcile-".length()) {
      throw Inputs.invalid("workflow id '" + id + "' must be reconcile-<customer>");
    }
    customer = id.substring("reconcile-".length());
    restore(request.state() == null ? ReconcileState.initial() : request.state());
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.CUSTOMER.valueSet(customer));

    for (int iteration = 1; ; iteration++) {
      settleRunning();
      if (!paused) {
        if (retryRequested) {
          retryRequested = false;
          failedCommit = null;
          failedReason = null;
        }
        if (running == null) {
          pollRepo();
        }
        scheduleBackup();
        if (backupDue && running == null) {
          startBackup();
        }
      }
      checkFreshness(overdueAfter);
      publishState();
      if (running == null && (iteration >= maxIterations || Workflow.getInfo().isContinueAsNewSuggested())) {
        Workflow.continueAsNew(request.withState(snapshot()));
      }
      Duration wait = poll;
      if (nextBackupAt != null && !paused) {
        Duration untilBackup = Duration.between(now(), nextBackupAt);
        if (untilBackup.compareTo(wait) < 0) {
          wait = untilBackup.isNegative() ? Duration.ZERO : untilBackup;
        }
      }
      boolean wasPaused = paused;
      Promise<OperationResult> waitingFor = running;
      Workflow.await(wait, () -> syncRequested || retryRequested || paused != wasPaused
          || (waitingFor != null && waitingFor.isCompleted()));
      syncRequested = false;
    }
  }

  /** Reads the repo and starts what the new commit asks for. A repo that cannot be read is reported, then polled again. */
  private void pollRepo() {
    lastPollAt = now().toString();
    DesiredState desired;
    try {
      desired = StackActivities.desiredState("fetch " + ref + " of " + repo).fetchDesiredState(repo, ref);
      lastError = null;
    } catch (ActivityFailure e) {
      lastError = "cannot read " + ref + " of " + repo + ": " + message(e);
      return;
    }
    if (!desired.stack().customer().equals(customer)) {
      lastError = "stack.yaml at " + ReconcileDecision.shortCommit(desired.commit()) + " is the stack of '"
          + desired.stack().customer() + "', not '" + customer + "': nothing is applied";
      return;
    }
    ReconcileDecision decision = adoption(desired);
    if (decision == null) {
      decision = ReconcileDecision.decide(appliedCommit, applied, failedCommit, failedReason, desired);
    }
    switch (decision.action()) {
      case NOTHING -> {
        pendingChange = failedCommit != null && failedCommit.equals(desired.commit()) ? "waiting" : null;
        pendingReason = decision.reason();
      }
      case RECORD -> {
        log.info("{}: {}", customer, decision.reason());
        appliedCommit = desired.commit();
        applied = desired.stack();
        pendingChange = null;
        pendingReason = decision.reason();
      }
      case INSTALL, UPDATE, MIGRATE -> {
        pendingChange = decision.action().name().toLowerCase();
        pendingReason = decision.reason();
        start(decision, desired);
      }
    }
  }

  /**
   * Before this loop has applied anything, a stack may already run on the host (installed by hand, or by a loop
   * that was terminated): it is adopted when the host matches the commit, updated when it differs, and installed
   * only when it is not there. Null: decide as usual (nothing to adopt, or the host agent cannot tell).
   */
  private ReconcileDecision adoption(DesiredState desired) {
    if (applied != null || desired.commit().equals(failedCommit)
        || Workflow.getVersion("adopt-installed-stack", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return null;
    }
    String host = desired.stack().host();
    String commit = ReconcileDecision.shortCommit(desired.commit());
    HostPlan plan;
    try {
      plan = StackActivities.host(host, "PlanServices", "is " + customer + " installed on " + host + "?",
          StackActivities.OLD_HOST_PICKUP).planServices(HostStack.of(desired));
    } catch (ActivityFailure e) {
      log.info("{}: {} cannot tell whether the stack is installed ({}): installing", customer, host, message(e));
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

  private void start(ReconcileDecision decision, DesiredState desired) {
    String commit = desired.commit();
    String type;
    Promise<OperationResult> result;
    switch (decision.action()) {
      case INSTALL -> {
        type = InstallStackWorkflow.TYPE;
        InstallStackWorkflow child = child(InstallStackWorkflow.class, "install " + commit + ": " + decision.reason());
        result = Async.function(child::install, new StackRequest(repo, commit));
        if (!started(child, type)) {
          return;
        }
      }
      case UPDATE -> {
        type = UpdateStackWorkflow.TYPE;
        UpdateStackWorkflow child = child(UpdateStackWorkflow.class, "update to " + commit + ": " + decision.reason());
        result = Async.function(child::update, new StackRequest(repo, commit));
        if (!started(child, type)) {
          return;
        }
      }
      default -> {
        type = MigrateStackWorkflow.TYPE;
        MigrateStackWorkflow child = child(MigrateStackWorkflow.class, "migrate to " + commit + ": " + decision.reason());
        result = Async.function(child::migrate, new MigrateRequest(repo, commit, applied.host(), true));
        if (!started(child, type)) {
          return;
        }
      }
    }
    log.info("{}: started {} for commit {}: {}", customer, type, commit, decision.reason());
    running = result;
    runningOperation = type;
    runningDesired = desired;
  }

  private void startBackup() {
    BackupStackWorkflow backup = child(BackupStackWorkflow.class, "nightly backup of " + customer);
    Promise<OperationResult> result = Async.function(backup::backup, new BackupRequest(repo, appliedCommit, "nightly"));
    if (!started(backup, BackupStackWorkflow.TYPE)) {
      return;
    }
    running = result;
    runningOperation = BackupStackWorkflow.TYPE;
    runningDesired = null;
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
    String why = "stack-" + customer + " is busy with an operation started elsewhere at " + now() + "; tried again at the next poll";
    if (BackupStackWorkflow.TYPE.equals(type)) {
      backupNote = "nightly backup skipped: " + why;
    } else {
      lastError = type + " not started: " + why;
    }
  }

  /** Records how the operation this loop started ended. */
  private void settleRunning() {
    if (running == null || !running.isCompleted()) {
      return;
    }
    String type = runningOperation;
    try {
      OperationResult result = running.get();
      lastOutcome = "completed";
      if (BackupStackWorkflow.TYPE.equals(type)) {
        backupDue = false;
        backupNote = null;
        lastBackup = result.backupWritten();
        lastBackupAt = now().toString();
        freshnessCheckedAt = null;
      } else {
        appliedCommit = runningDesired.commit();
        applied = runningDesired.stack();
        failedCommit = null;
        failedReason = null;
        pendingChange = null;
        pendingReason = type + " of commit " + ReconcileDecision.shortCommit(appliedCommit) + " completed";
        if (result.backupWritten() != null) {
          lastBackup = result.backupWritten();
          lastBackupAt = now().toString();
          freshnessCheckedAt = null;
        }
      }
    } catch (TemporalFailure e) {
      lastOutcome = "failed: " + message(e);
      if (BackupStackWorkflow.TYPE.equals(type)) {
        backupNote = "nightly backup failed at " + now() + ": " + message(e) + "; tried again at the next poll";
      } else {
        failedCommit = runningDesired.commit();
        failedReason = type + " of commit " + ReconcileDecision.shortCommit(failedCommit) + " failed: " + message(e);
        pendingChange = "waiting";
        pendingReason = failedReason + "; waiting for a new commit or an operator's retry (stackctl reconcile retry "
            + customer + ")";
      }
    }
    lastOperation = type;
    running = null;
    runningOperation = null;
    runningDesired = null;
  }

  /** Marks the backup due once its time has come, and computes the next time from the applied backup policy. */
  private void scheduleBackup() {
    if (applied == null) {
      nextBackupAt = null;
      return;
    }
    Instant now = now();
    if (nextBackupAt == null) {
      nextBackupAt = BackupSchedule.next(now, applied.backup());
    }
    if (!now.isBefore(nextBackupAt)) {
      backupDue = true;
      nextBackupAt = BackupSchedule.next(now, applied.backup());
    }
  }

  /** The newest complete backup in the store, hourly and after every backup: older than the limit is overdue. */
  private void checkFreshness(Duration overdueAfter) {
    if (applied == null || (freshnessCheckedAt != null
        && Duration.between(freshnessCheckedAt, now()).compareTo(FRESHNESS_EVERY) < 0)) {
      return;
    }
    freshnessCheckedAt = now();
    try {
      BackupRef newest = StackActivities.store("FindNewestBackup", "find the newest backup of " + customer)
          .findNewestBackup(applied.backup().store(), customer);
      if (newest != null) {
        lastBackup = newest.id();
        lastBackupAt = newest.createdAt();
      }
      overdue = newest == null || Duration.between(Instant.parse(newest.createdAt()), now()).compareTo(overdueAfter) > 0;
    } catch (ActivityFailure e) {
      lastError = "cannot read the backup store " + applied.backup().store() + ": " + message(e);
    }
  }

  /** Search attributes only when they change: every upsert is an event in the loop's history. */
  private void publishState() {
    String state = state();
    if (!state.equals(publishedState)) {
      Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
      publishedState = state;
    }
    if (applied != null && !(applied.release() + " on " + applied.host()).equals(publishedApplied)) {
      Workflow.upsertTypedSearchAttributes(StackSearchAttributes.RELEASE.valueSet(applied.release()),
          StackSearchAttributes.HOST.valueSet(applied.host()));
      publishedApplied = applied.release() + " on " + applied.host();
    }
    Workflow.setCurrentDetails(describe());
  }

  private String state() {
    if (paused) {
      return ReconcileStatus.PAUSED;
    }
    if (running != null) {
      return BackupStackWorkflow.TYPE.equals(runningOperation) ? ReconcileStatus.BACKING_UP : ReconcileStatus.APPLYING;
    }
    if (overdue) {
      return ReconcileStatus.BACKUP_OVERDUE;
    }
    if (failedCommit != null) {
      return ReconcileStatus.WAITING_FOR_OPERATOR;
    }
    return ReconcileStatus.WATCHING;
  }

  private String describe() {
    StringBuilder s = new StringBuilder("ReconcileStack of " + customer + ": " + state());
    if (appliedCommit != null) {
      s.append("\napplied: commit ").append(ReconcileDecision.shortCommit(appliedCommit)).append(", release ")
          .append(applied.release()).append(" on ").append(applied.host());
    }
    if (running != null) {
      s.append("\nrunning: ").append(runningOperation).append(" as stack-").append(customer);
    }
    if (pendingReason != null) {
      s.append("\n").append(pendingReason);
    }
    s.append("\nlast backup: ").append(lastBackup == null ? "none" : lastBackup + " at " + lastBackupAt);
    if (nextBackupAt != null) {
      s.append("; next at ").append(nextBackupAt);
    }
    if (lastError != null) {
      s.append("\nlast error: ").append(lastError);
    }
    return s.toString();
  }

  @Override
  public void sync() {
    syncRequested = true;
  }

  @Override
  public void pause(String reason) {
    paused = true;
    pausedReason = reason == null || reason.isBlank() ? "no reason given" : reason;
  }

  @Override
  public void resume() {
    paused = false;
    pausedReason = null;
  }

  @Override
  public void retry() {
    retryRequested = true;
  }

  @Override
  public ReconcileStatus status() {
    return new ReconcileStatus(customer, state(), paused, pausedReason, appliedCommit,
        applied == null ? null : applied.release(), applied == null ? null : applied.host(),
        running == null ? null : runningOperation, lastOperation, lastOutcome, pendingChange, pendingReason,
        lastBackup, lastBackupAt, nextBackupAt == null ? null : nextBackupAt.toString(),
        backupDue && backupNote == null ? "nightly backup due" : backupNote, lastPollAt, lastError);
  }

  private ReconcileState snapshot() {
    return new ReconcileState(appliedCommit, applied, lastOperation, lastOutcome, failedCommit, failedReason, paused,
        pausedReason, lastBackup, lastBackupAt, nextBackupAt == null ? null : nextBackupAt.toString(), backupDue,
        backupNote);
  }

  private void restore(ReconcileState s) {
    appliedCommit = s.appliedCommit();
    applied = s.applied();
    lastOperation = s.lastOperation();
    lastOutcome = s.lastOutcome();
    failedCommit = s.failedCommit();
    failedReason = s.failedReason();
    paused = s.paused();
    pausedReason = s.pausedReason();
    lastBackup = s.lastBackup();
    lastBackupAt = s.lastBackupAt();
    nextBackupAt = s.nextBackupAt() == null ? null : Instant.parse(s.nextBackupAt());
    backupDue = s.backupDue();
    backupNote = s.backupNote();
  }

  private <T> T child(Class<T> type, String summary) {
    return Workflow.newChildWorkflowStub(type, ChildWorkflowOptions.newBuilder()
        .setWorkflowId("stack-" + customer)
        .setTaskQueue(StackWorkflows.TASK_QUEUE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        // An operation keeps going if the loop is terminated: it may be halfway through a restore.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setStaticSummary(summary)
        .build());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof ApplicationFailure f ? f.getOriginalMessage() : cause.getMessage();
  }
}
