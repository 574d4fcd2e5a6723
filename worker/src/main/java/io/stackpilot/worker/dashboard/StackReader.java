package io.stackpilot.worker.dashboard;

import io.stackpilot.client.RunProgress;
import io.stackpilot.client.Runs;
import io.stackpilot.client.StatusQuery;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.api.StepRecord;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/** One stack as its page shows it: the current run's steps live, the loop, the runs before, with stackctl's calls. */
final class StackReader {

  /** A step: done, skipped, running, needs attention or failed; its time, attempts, note and the progress it reports. */
  public record StepView(int number, String name, String state, String duration, int attempts, String note,
      String progress) {
    /** The state as a CSS class: "needs-attention". */
    public String stateClass() {
      return state.replace(' ', '-');
    }
  }

  /** A run of the stack, newest first on the page; {@code webUi}: its history in the Temporal Web UI, when configured. */
  public record RunView(String operation, String status, String state, String stateLabel, String startedAt, String closedAt, String release,
      String host, String commit, String runId, String webUi, List<StepView> steps, String remaining) {}

  /**
   * The live part of the page: the current (latest) run, what the operator may do about it, and the loop.
   * {@code error} and {@code nextActions}: when a step needs attention.
   */
  public record Live(String customer, RunView current, String error, List<String> nextActions, boolean canRetry,
      boolean canSkip, boolean canAccept, boolean canAbort, BackupChoice backupChoice, LoopView loop) {}

  /** The waiting step restores a backup and a retry may name another: {@code offered} (may be empty) fills the form. */
  public record BackupChoice(String offered) {}

  /** The reconcile loop as {@code stackctl reconcile status} shows it; {@code running}: it answers signals. */
  public record LoopView(boolean running, String state, boolean paused, String pausedReason, String repo, String ref,
      String appliedCommit, String lastOperation, String lastOutcome, String pending, String lastBackup,
      String lastBackupAge, String nextBackupAt, String backupNote, String lastDrill, String nextDrillAt, String drift,
      String lastPollAt, String lastError, String webUi) {}

  private final WorkflowClient client;
  private final WebUiLinks links;
  private final java.time.Clock clock;

  StackReader(WorkflowClient client, WebUiLinks links, java.time.Clock clock) {
    this.client = client;
    this.links = links;
    this.clock = clock;
  }

  /** Whether Temporal knows any run or loop of {@code customer}. */
  boolean known(String customer) {
    Runs runs = new Runs(client);
    return !runs.list(StackNames.operationId(customer)).isEmpty() || !runs.list(StackNames.reconcileId(customer)).isEmpty();
  }

  Live live(String customer) {
    Runs runs = new Runs(client);
    List<WorkflowExecutionInfo> all = runs.list(StackNames.operationId(customer));
    Runs.Run latest = all.isEmpty() ? null : runs.describe(all.get(0));
    RunView current = latest == null ? null : view(latest, true);
    StackStatus detail = latest == null ? null : latest.detail();
    boolean attention = current != null && StackState.NEEDS_ATTENTION.equals(current.state());
    boolean open = current != null && ("running".equals(current.status()));
    List<String> next = attention && detail != null ? detail.nextActions() : List.of();
    return new Live(customer, current, attention && detail != null ? detail.lastError() : null, next, attention,
        attention && detail != null && detail.skippable(), attention && next.stream().anyMatch(a -> a.startsWith("stackctl accept")),
        open, attention && detail != null && detail.takesBackup()
            ? new BackupChoice(detail.offeredBackup() == null ? "" : detail.offeredBackup()) : null,
        loop(customer, runs));
  }

  /** The runs before the current one, newest first, at most {@code limit}. */
  List<RunView> history(String customer, int limit) {
    Runs runs = new Runs(client);
    return runs.list(StackNames.operationId(customer)).stream().skip(1).limit(limit)
        .map(info -> view(runs.describe(info), false)).toList();
  }

  /**
   * The host the stack runs on, as its latest run reports it or, without one, its loop; null while neither knows.
   * Grants scoped by host are decided on it.
   */
  String host(String customer) {
    Runs runs = new Runs(client);
    List<WorkflowExecutionInfo> all = runs.list(StackNames.operationId(customer));
    StackStatus detail = all.isEmpty() ? null : runs.describe(all.get(0)).detail();
    if (detail != null && detail.host() != null) {
      return detail.host();
    }
    ReconcileStatus loop = loopStatus(customer);
    return loop == null ? null : loop.host();
  }

  /** The loop's repo and ref, when a loop follows the stack and answers; the catalog and plan need them. */
  ReconcileStatus loopStatus(String customer) {
    try {
      return new StatusQuery(client).ask(StackNames.reconcileId(customer), null, ReconcileStatus.class);
    } catch (RuntimeException noAnswer) {
      return null;
    }
  }

  private LoopView loop(String customer, Runs runs) {
    List<WorkflowExecutionInfo> loops = runs.list(StackNames.reconcileId(customer));
    if (loops.isEmpty()) {
      return null;
    }
    WorkflowExecutionInfo latest = loops.get(0);
    String webUi = links.run(latest.getExecution().getWorkflowId(), latest.getExecution().getRunId());
    if (latest.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return new LoopView(false, "ended (" + Runs.status(latest.getStatus()) + ")", false, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, null, webUi);
    }
    ReconcileStatus s = loopStatus(customer);
    if (s == null) {
      return new LoopView(true, "not answering right now (no control worker?)", false, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, null, webUi);
    }
    return new LoopView(true, s.state(), s.paused(), s.pausedReason(), s.repo(), s.ref(), s.appliedCommit(),
        s.lastOperation(), s.lastOutcome(), s.pendingChange() == null ? s.pendingReason()
            : s.pendingChange() + ": " + s.pendingReason(), s.lastBackup(), StackState.age(s.lastBackupAt(), clock.instant()),
        s.nextBackupAt(), s.backupNote(), s.lastDrill(), s.nextDrillAt(), s.drift(), s.lastPollAt(), s.lastError(), webUi);
  }

  private RunView view(Runs.Run run, boolean current) {
    String state = StackState.of(run);
    StackStatus d = run.detail();
    List<StepView> steps = new ArrayList<>();
    String remaining = null;
    if (d != null) {
      int n = 1;
      for (StepRecord step : d.steps()) {
        steps.add(new StepView(n++, step.name(), step.outcome(), StackState.duration(step.durationMillis()), step.attempts(),
            step.note(), null));
      }
      boolean inStep = d.stepNumber() > 0 && !StackStatus.COMPLETED.equals(d.state()) && d.step() != null
          && steps.stream().noneMatch(s -> s.number() == d.stepNumber());
      if (inStep) {
        String stepState = StackState.NEEDS_ATTENTION.equals(state) ? "needs attention"
            : StackState.FAILED.equals(state) ? "failed" : "running";
        steps.add(new StepView(d.stepNumber(), d.step(), stepState, null, 0, null,
            current && StackState.RUNNING.equals(state) ? progress(run.workflowId()) : null));
      }
      int left = d.totalSteps() - Math.max(d.stepNumber(), steps.size());
      remaining = left > 0 && !StackState.COMPLETED.equals(state) ? left + " more step" + (left == 1 ? "" : "s") : null;
    }
    return new RunView(run.operation(), run.status(), state, StackState.label(state), run.startedAt(), run.closedAt(), d == null ? null : d.release(),
        d == null ? null : d.host(), d == null || d.commit() == null ? null : d.commit().substring(0, Math.min(8, d.commit().length())),
        run.runId(), links.run(run.workflowId(), run.runId()), steps, remaining);
  }

  private String progress(String workflowId) {
    try {
      RunProgress progress = new RunProgress(client);
      return progress.of(progress.describe(workflowId));
    } catch (RuntimeException notNow) {
      return null;
    }
  }
}
