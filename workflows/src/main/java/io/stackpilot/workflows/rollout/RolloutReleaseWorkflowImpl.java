package io.stackpilot.workflows.rollout;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.MaintenancePolicy;
import io.stackpilot.model.StackSelector;
import io.stackpilot.workflows.activities.RolloutProbe;
import io.stackpilot.workflows.activities.WrittenCommit;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.Notification;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.RollbackRequest;
import io.stackpilot.workflows.api.RolloutProgress;
import io.stackpilot.workflows.api.RolloutRequest;
import io.stackpilot.workflows.api.RolloutStack;
import io.stackpilot.workflows.api.RolloutStatus;
import io.stackpilot.workflows.api.RolloutTarget;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.rollback.RollbackStackWorkflow;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Notifications;
import io.stackpilot.workflows.steps.StackActivities;
import io.stackpilot.workflows.update.UpdateStackWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The runbook of a fleet rollout, wave by wave: write the release into each stack's repo, tell its loop, watch until
 * every stack of the wave is healthy on the release, failed or skipped, halt when failures exceed the budget, soak,
 * and go on. Each write is idempotent (the commit is found by its trailer), so a worker killed in a wave neither
 * writes a commit twice nor skips a stack.
 */
public class RolloutReleaseWorkflowImpl implements RolloutReleaseWorkflow {

  static final String EXAMPLE = "{\"release\":\"1.1.0\",\"select\":\"release=1.0.*\",\"waves\":[\"1\",\"100%\"],"
      + "\"targets\":[{\"customer\":\"acme\",\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"release\":\"1.0.0\"}]}";
  /** How often the stacks of a wave are looked at while they apply. */
  static final Duration WATCH_EVERY = Duration.ofSeconds(30);
  /**
   * How often once every open stack has waited this long for its maintenance window, which may be days away: the
   * history stays small (about 150 looks a day instead of 3,000). The first minutes keep the short look, so that a
   * window that opens soon (or that a customer's commit opens) is seen at once.
   */
  static final Duration WINDOW_WATCH_EVERY = Duration.ofMinutes(10);
  /** How many history events a run of a rollout gathers before it continues as new (Temporal warns at 10,240). */
  static final int CONTINUE_AFTER_EVENTS = 8_000;
  /** A loop's states in which its stack runs what it applied and nothing waits. */
  private static final List<String> HEALTHY_LOOP = List.of("Watching", "BackupOverdue", "DrillOverdue");

  /** The customer a rollout's notifications name: the whole fleet. */
  static final String FLEET = "fleet";

  private static final Logger log = Workflow.getLogger(RolloutReleaseWorkflowImpl.class);

  private String id;
  private RolloutRequest request;
  private final Map<String, RolloutStack> stacks = new LinkedHashMap<>();
  private String state = RolloutStatus.RUNNING;
  private int wave;
  private int waves;
  private String halted;
  private String soakUntil;
  private String pausedReason;
  private boolean resumed;
  private String abortReason;
  private int acceptedFailures;
  /** Since when every open stack of the wave waits for its window; null while one does not. */
  private Instant waitingForWindowsSince;
  /**
   * The maintenance windows of each stack the rollout updates itself (no loop runs for it), read from its commit once
   * it is written; empty for a stack without windows.
   */
  private final Map<String, Optional<MaintenancePolicy>> directWindows = new HashMap<>();

  @Override
  public RolloutStatus rollout(RolloutRequest input) {
    Inputs.present(input, EXAMPLE);
    request = input;
    id = StackNames.rolloutOf(Workflow.getInfo().getWorkflowId()).orElseThrow(() ->
        Inputs.invalid("workflow id '" + Workflow.getInfo().getWorkflowId() + "' must be " + StackNames.rolloutId("<id>")));
    List<Integer> reached = validate(input);
    Duration soak = Inputs.duration("soak", input.soak(), Duration.ZERO);
    int maxFailures = input.maxFailures() == null ? 0 : input.maxFailures();
    waves = reached.size();
    int from = 0;
    for (int w = 0; w < waves; w++) {
      for (RolloutTarget target : input.targets().subList(from, reached.get(w))) {
        stacks.put(target.customer(), new RolloutStack(target.customer(), w + 1, RolloutStack.PENDING, null, null));
      }
      from = reached.get(w);
    }
    RolloutProgress progress = input.progress();
    if (progress != null) {
      resume(progress);
    }

    for (wave = progress == null ? 1 : progress.wave(); wave <= waves; wave++) {
      boolean continued = progress != null && wave == progress.wave();
      if (!continued) {
        if (!awaitGoAhead()) {
          return aborted();
        }
        log.info("rollout {}: wave {} of {}", id, wave, waves);
        state = RolloutStatus.RUNNING;
        notify(Notification.ROLLOUT_WAVE, "wave-" + wave, "wave " + wave + " of " + waves + " starts: "
            + String.join(", ", inWave().stream().map(RolloutStack::customer).toList()));
      }
      writeWave();
      if (!watchWave(maxFailures)) {
        return aborted();
      }
      if (!soak.isZero() && !soak(soak, maxFailures)) {
        return aborted();
      }
    }
    state = RolloutStatus.COMPLETED;
    long healthy = stacks.values().stream().filter(s -> s.state().equals(RolloutStack.HEALTHY)).count();
    notify(Notification.COMPLETED, "completed", "completed: " + healthy + " of " + stacks.size() + " stacks on "
        + request.release() + (failures() == 0 ? "" : ", " + failures() + " failed"));
    return status();
  }

  /** The state a run of this rollout handed on when it continued as new; refused when it does not fit the targets. */
  private void resume(RolloutProgress progress) {
    if (progress.wave() < 1 || progress.wave() > waves || !progress.stacks().stream().map(RolloutStack::customer).toList()
        .equals(List.copyOf(stacks.keySet()))) {
      throw Inputs.invalid("input: progress: wave " + progress.wave() + " and stacks "
          + progress.stacks().stream().map(RolloutStack::customer).toList() + " do not fit the targets");
    }
    progress.stacks().forEach(s -> stacks.put(s.customer(), s));
    acceptedFailures = progress.acceptedFailures();
    pausedReason = progress.pausedReason();
    abortReason = progress.abortReason();
    waitingForWindowsSince = progress.waitingForWindowsSince() == null ? null
        : Instant.parse(progress.waitingForWindowsSince());
    state = RolloutStatus.RUNNING;
  }

  /**
   * A rollout whose stacks wait for windows for weeks would fill its history: past {@link #CONTINUE_AFTER_EVENTS}
   * events (or when the server suggests it) it goes on as a new run of the same workflow, with its state.
   */
  private void continueAsNewWhenLong() {
    if (Workflow.getVersion("rollout-continue-as-new", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION
        || Workflow.getInfo().getHistoryLength() < CONTINUE_AFTER_EVENTS && !Workflow.getInfo().isContinueAsNewSuggested()) {
      return;
    }
    log.info("rollout {}: continuing as new in wave {} after {} events", id, wave, Workflow.getInfo().getHistoryLength());
    Workflow.continueAsNew(request.continuing(new RolloutProgress(wave, acceptedFailures, List.copyOf(stacks.values()),
        pausedReason, abortReason, waitingForWindowsSince == null ? null : waitingForWindowsSince.toString())));
  }

  /** Tells the operators' channels, as customer "fleet". */
  private void notify(String event, String key, String text) {
    Notifications.send(event, key, FLEET, TYPE, "rollout " + id + " of " + request.release() + ": " + text);
  }

  /** The waves, after every field is checked; refused with the field named. */
  private static List<Integer> validate(RolloutRequest input) {
    if (input.release() == null || !input.release().matches("[0-9]+\\.[0-9]+\\.[0-9]+")) {
      throw Inputs.invalid("input: release: '" + input.release() + "' must be a release x.y.z");
    }
    if (input.targets().isEmpty()) {
      throw Inputs.invalid("input: targets: no stack selected by '" + input.select() + "'");
    }
    if (input.maxFailures() != null && input.maxFailures() < 0) {
      throw Inputs.invalid("input: maxFailures: " + input.maxFailures() + " must be 0 or more");
    }
    List<String> customers = new ArrayList<>();
    for (RolloutTarget target : input.targets()) {
      if (target.customer() == null || target.repo() == null || customers.contains(target.customer())) {
        throw Inputs.invalid("input: targets: each needs a customer (once) and a repo: " + target);
      }
      customers.add(target.customer());
    }
    try {
      StackSelector.parse(input.select());
      return RolloutWaves.plan(input.waves(), input.targets().size());
    } catch (InvalidConfigurationException e) {
      throw Inputs.invalid("input: " + e.getMessage());
    }
  }

  /** Waits while paused; false when aborted meanwhile. */
  private boolean awaitGoAhead() {
    if (pausedReason != null) {
      state = RolloutStatus.PAUSED;
      Workflow.await(() -> resumed || abortReason != null);
      resumed = false;
      pausedReason = null;
    }
    return abortReason == null;
  }

  private List<RolloutStack> inWave() {
    return stacks.values().stream().filter(s -> s.wave() == wave).toList();
  }

  private RolloutTarget target(String customer) {
    return request.targets().stream().filter(t -> t.customer().equals(customer)).findFirst().orElseThrow();
  }

  /** The release commit into each stack's repo, and a nudge to its loop. */
  private void writeWave() {
    for (RolloutStack stack : inWave()) {
      if (!stack.state().equals(RolloutStack.PENDING)) {
        continue;
      }
      RolloutTarget target = target(stack.customer());
      String message = "Roll out release " + request.release() + " to " + stack.customer() + " (rollout " + id + ", wave "
          + wave + " of " + waves + ")";
      try {
        WrittenCommit written = StackActivities.control(StackActivities.WRITE_RELEASE_COMMIT, "write release "
            + request.release() + " into " + target.repo()).writeReleaseCommit(target.repo(), ref(target),
            request.release(), id, request.select(), message);
        stacks.put(stack.customer(), stack.with(RolloutStack.WRITTEN, written.commit(), written.outcome()));
        if (!target.direct()) {
          StackActivities.control(StackActivities.SYNC_LOOP, "tell the loop of " + stack.customer())
              .syncLoop(stack.customer());
        }
      } catch (ActivityFailure e) {
        boolean refused = e.getCause() instanceof ApplicationFailure failure && failure.isNonRetryable();
        stacks.put(stack.customer(), stack.with(refused ? RolloutStack.SKIPPED : RolloutStack.FAILED, null,
            (refused ? "not written: " : "writing failed: ") + Failures.rootMessage(e)));
      }
    }
  }

  private static String ref(RolloutTarget target) {
    return target.ref() == null ? "main" : target.ref();
  }

  /** Until every stack of the wave settled; halts for the operator when failures exceed the budget. */
  private boolean watchWave(int maxFailures) {
    while (true) {
      inWave().stream().filter(s -> target(s.customer()).direct() && (s.state().equals(RolloutStack.WRITTEN)
          || s.state().equals(RolloutStack.WAITING_FOR_WINDOW))).forEach(this::updateDirectly);
      List<RolloutStack> open = inWave().stream().filter(s -> !s.settled()).toList();
      if (!open.isEmpty()) {
        probe(open);
      }
      if (!halt(maxFailures)) {
        return false;
      }
      if (inWave().stream().allMatch(RolloutStack::settled)) {
        return true;
      }
      Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      boolean allWaitForWindows = inWave().stream().filter(s -> !s.settled())
          .allMatch(s -> s.state().equals(RolloutStack.WAITING_FOR_WINDOW));
      waitingForWindowsSince = !allWaitForWindows ? null : waitingForWindowsSince == null ? now : waitingForWindowsSince;
      boolean longWait = waitingForWindowsSince != null
          && Duration.between(waitingForWindowsSince, now).compareTo(WINDOW_WATCH_EVERY) >= 0;
      Workflow.await(untilNextLook(longWait ? WINDOW_WATCH_EVERY : WATCH_EVERY, now), () -> abortReason != null);
      if (abortReason != null) {
        return false;
      }
      continueAsNewWhenLong();
    }
  }

  /** {@code look}, or less when the window of a stack the rollout updates itself opens sooner. */
  private Duration untilNextLook(Duration look, Instant now) {
    Duration wait = look;
    for (RolloutStack stack : inWave()) {
      Optional<MaintenancePolicy> windows = directWindows.getOrDefault(stack.customer(), Optional.empty());
      if (stack.state().equals(RolloutStack.WAITING_FOR_WINDOW) && windows.isPresent()) {
        Duration opens = Duration.between(now, windows.get().next(now).start());
        if (opens.compareTo(wait) < 0) {
          wait = opens.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : opens;
        }
      }
    }
    return wait;
  }

  /** What each stack's loop and operation say now. */
  private void probe(List<RolloutStack> open) {
    List<RolloutProbe> probes = StackActivities.control(StackActivities.PROBE_STACKS, "look at wave " + wave)
        .probeStacks(open.stream().map(RolloutStack::customer).toList());
    for (RolloutProbe probe : probes) {
      RolloutStack stack = stacks.get(probe.customer());
      if (stack == null || stack.settled()) {
        continue;
      }
      var loop = probe.loop();
      if ("NeedsAttention".equals(probe.operationState()) && stack.commit() != null
          && stack.commit().equals(probe.operationCommit())) {
        failed(stack, "needs attention: " + probe.operationError());
      } else if (target(stack.customer()).direct()) {
        probeDirect(stack, probe);
      } else if (loop == null) {
        stacks.put(stack.customer(), stack.with(stack.state(), stack.commit(), "its loop does not answer"));
      } else if (stack.commit() != null && stack.commit().equals(loop.failedCommit())) {
        failed(stack, loop.pendingReason());
      } else if (request.release().equals(loop.release()) && loop.running() == null
          && HEALTHY_LOOP.contains(loop.state())) {
        stacks.put(stack.customer(), stack.with(RolloutStack.HEALTHY, stack.commit(), "on " + loop.release()));
      } else if (ReconcileState.Pending.WINDOW.equals(loop.pendingChange())) {
        stacks.put(stack.customer(), stack.with(RolloutStack.WAITING_FOR_WINDOW, stack.commit(), loop.pendingReason()));
      } else if (loop.running() != null) {
        stacks.put(stack.customer(), stack.with(RolloutStack.APPLYING, stack.commit(), loop.running()));
      }
    }
  }

  /**
   * A stack no loop runs for: its update starts here once its window is open, as the loop would start it (UpdateStack
   * of the rollout's commit, as the stack's operation); a stack busy with another operation is tried at the next look.
   * Only targets chosen as direct reach this, which no rollout before them had: older histories replay unchanged.
   */
  private void updateDirectly(RolloutStack stack) {
    RolloutTarget target = target(stack.customer());
    Optional<MaintenancePolicy> windows = directWindows.get(stack.customer());
    if (windows == null) {
      try {
        windows = Optional.ofNullable(StackActivities.fetchDesiredState(target.repo(), stack.commit()).stack()
            .maintenance());
        directWindows.put(stack.customer(), windows);
      } catch (ActivityFailure e) {
        stacks.put(stack.customer(), stack.with(RolloutStack.FAILED, stack.commit(), "reading its commit failed: "
            + Failures.rootMessage(e)));
        return;
      }
    }
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    if (windows.isPresent() && windows.get().openAt(now).isEmpty()) {
      MaintenancePolicy.Opening next = windows.get().next(now);
      stacks.put(stack.customer(), stack.with(RolloutStack.WAITING_FOR_WINDOW, stack.commit(), "waiting for the window "
          + windows.get().describe(next) + " (" + next.start() + "); no loop runs, the rollout updates it then"));
      return;
    }
    UpdateStackWorkflow update = Workflow.newChildWorkflowStub(UpdateStackWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.operationId(stack.customer()))
        .setTaskQueue(StackNames.TASK_QUEUE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        // The update keeps going if the rollout ends: it may be halfway through a migration.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setStaticSummary("update " + stack.customer() + " to " + request.release() + ": rollout " + id)
        .build());
    Async.function(update::update, new StackRequest(target.repo(), stack.commit()));
    try {
      Workflow.getWorkflowExecution(update).get();
      stacks.put(stack.customer(), stack.with(RolloutStack.APPLYING, stack.commit(), "UpdateStack, started by the "
          + "rollout: no loop runs for this stack"));
    } catch (ChildWorkflowFailure | WorkflowExecutionAlreadyStarted e) {
      if (!(e instanceof WorkflowExecutionAlreadyStarted) && !(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
        throw e;
      }
      stacks.put(stack.customer(), stack.with(RolloutStack.WRITTEN, stack.commit(), StackNames.operationId(
          stack.customer()) + " is busy with another operation; tried again at the next look"));
    }
  }

  /** What the update the rollout started for a stack without a loop says. */
  private void probeDirect(RolloutStack stack, RolloutProbe probe) {
    if (!stack.state().equals(RolloutStack.APPLYING) || stack.commit() == null
        || !stack.commit().equals(probe.operationCommit())) {
      return;
    }
    if ("Completed".equals(probe.operationState())) {
      stacks.put(stack.customer(), stack.with(RolloutStack.HEALTHY, stack.commit(), "on " + request.release()
          + ", updated by the rollout"));
    } else if ("Failed".equals(probe.operationState())) {
      failed(stack, "its update failed: " + probe.operationError());
    }
  }

  /** A failed stack: rolled back with its data when asked for, else left for the operator. */
  private void failed(RolloutStack stack, String why) {
    log.warn("rollout {}: {} failed: {}", id, stack.customer(), why);
    if (!request.autoRollback()) {
      stacks.put(stack.customer(), stack.with(RolloutStack.FAILED, stack.commit(), why));
      return;
    }
    RolloutTarget target = target(stack.customer());
    try {
      StackActivities.control(StackActivities.ABORT_OPERATION, "abort the update of " + stack.customer())
          .abortOperation(stack.customer(), "rollout " + id + " rolls " + stack.customer() + " back: " + why);
      RollbackStackWorkflow rollback = Workflow.newChildWorkflowStub(RollbackStackWorkflow.class,
          ChildWorkflowOptions.newBuilder().setWorkflowId(StackNames.operationId(stack.customer()))
              .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
              .setStaticSummary("roll " + stack.customer() + " back: rollout " + id + " failed it")
              .build());
      awaitOperationEnded(stack.customer());
      rollback.rollback(new RollbackRequest(target.repo(), ref(target), null, true));
      stacks.put(stack.customer(), stack.with(RolloutStack.ROLLED_BACK, stack.commit(), why + "; rolled back with its "
          + "data"));
    } catch (ActivityFailure | ChildWorkflowFailure e) {
      String cause = e.getCause() instanceof WorkflowExecutionAlreadyStarted
          ? StackNames.operationId(stack.customer()) + " is still busy with another operation"
          : Failures.rootMessage(e);
      stacks.put(stack.customer(), stack.with(RolloutStack.FAILED, stack.commit(), why + "; rolling back failed: "
          + cause));
    }
  }

  /** The aborted operation closes before the rollback takes the stack's operation id. */
  private void awaitOperationEnded(String customer) {
    for (int i = 0; i < 40; i++) {
      RolloutProbe probe = StackActivities.control(StackActivities.PROBE_STACKS, "wait for the update of " + customer
          + " to end").probeStacks(List.of(customer)).get(0);
      if (probe.operationEnded()) {
        return;
      }
      Workflow.sleep(Duration.ofSeconds(3));
    }
  }

  private long failures() {
    return stacks.values().stream().filter(s -> s.state().equals(RolloutStack.FAILED)
        || s.state().equals(RolloutStack.ROLLED_BACK)).count();
  }

  /** True to go on: within the budget, or the operator resumed; false when aborted. */
  private boolean halt(int maxFailures) {
    if (failures() <= maxFailures + acceptedFailures) {
      return abortReason == null;
    }
    List<String> why = new ArrayList<>();
    stacks.values().stream().filter(s -> s.state().equals(RolloutStack.FAILED) || s.state().equals(RolloutStack.ROLLED_BACK))
        .forEach(s -> why.add(s.customer() + ": " + s.note()));
    halted = failures() + " stack" + (failures() == 1 ? "" : "s") + " failed (at most " + maxFailures + " allowed): "
        + String.join("; ", why);
    state = RolloutStatus.HALTED;
    log.warn("rollout {} halted in wave {}: {}", id, wave, halted);
    notify(Notification.ATTENTION, "halt-" + wave + "-" + failures(), "halted in wave " + wave + ": " + halted
        + "; stackctl rollout resume|skip|abort " + id);
    Workflow.await(() -> resumed || abortReason != null);
    resumed = false;
    if (abortReason != null) {
      return false;
    }
    acceptedFailures = (int) failures() - maxFailures;
    halted = null;
    state = RolloutStatus.RUNNING;
    return true;
  }

  /** The wave runs for {@code soak}; a stack that is no longer healthy then fails. */
  private boolean soak(Duration soak, int maxFailures) {
    state = RolloutStatus.SOAKING;
    soakUntil = Instant.ofEpochMilli(Workflow.currentTimeMillis()).plus(soak).toString();
    Workflow.await(soak, () -> abortReason != null);
    soakUntil = null;
    if (abortReason != null) {
      return false;
    }
    List<RolloutStack> healthy = inWave().stream().filter(s -> s.state().equals(RolloutStack.HEALTHY)).toList();
    if (!healthy.isEmpty()) {
      for (RolloutProbe probe : StackActivities.control(StackActivities.PROBE_STACKS, "look at wave " + wave
          + " after its soak").probeStacks(healthy.stream().map(RolloutStack::customer).toList())) {
        var loop = probe.loop();
        RolloutStack stack = stacks.get(probe.customer());
        if (target(stack.customer()).direct()) {
          if (!"Completed".equals(probe.operationState())) {
            failed(stack.with(RolloutStack.APPLYING, stack.commit(), stack.note()), "not healthy after the soak: its "
                + "operation is " + probe.operationState() + (probe.operationError() == null ? ""
                : ": " + probe.operationError()));
          }
        } else if (loop == null || !request.release().equals(loop.release()) || !HEALTHY_LOOP.contains(loop.state())) {
          failed(stack.with(RolloutStack.APPLYING, stack.commit(), stack.note()), "not healthy after the soak: "
              + (loop == null ? "its loop does not answer" : loop.state() + " on " + loop.release()));
        }
      }
    }
    state = RolloutStatus.RUNNING;
    return halt(maxFailures);
  }

  /** Reverts what was written and not applied, leaves later waves unwritten. */
  private RolloutStatus aborted() {
    for (RolloutStack stack : List.copyOf(stacks.values())) {
      RolloutTarget target = target(stack.customer());
      if (stack.state().equals(RolloutStack.PENDING)) {
        stacks.put(stack.customer(), stack.with(RolloutStack.SKIPPED, null, "aborted before its wave"));
      } else if (stack.state().equals(RolloutStack.WRITTEN) || stack.state().equals(RolloutStack.WAITING_FOR_WINDOW)) {
        try {
          WrittenCommit reverted = StackActivities.control(StackActivities.REVERT_RELEASE_COMMIT, "revert "
              + request.release() + " in " + target.repo()).revertReleaseCommit(target.repo(), ref(target), id,
              request.release(), target.release(), "Abort rollout " + id + " of release " + request.release() + ": "
              + abortReason);
          stacks.put(stack.customer(), stack.with(RolloutStack.REVERTED, reverted.commit(), reverted.outcome()));
          if (!target.direct()) {
            StackActivities.control(StackActivities.SYNC_LOOP, "tell the loop of " + stack.customer())
                .syncLoop(stack.customer());
          }
        } catch (ActivityFailure e) {
          stacks.put(stack.customer(), stack.with(stack.state(), stack.commit(), "reverting failed: "
              + Failures.rootMessage(e)));
        }
      }
    }
    state = RolloutStatus.ABORTED;
    halted = null;
    log.warn("rollout {} aborted: {}", id, abortReason);
    notify(Notification.FAILED, "aborted", "aborted: " + abortReason);
    return status();
  }

  @Override
  public void pause(String reason) {
    pausedReason = reason == null || reason.isBlank() ? "paused by an operator" : reason;
  }

  @Override
  public void resume() {
    resumed = true;
  }

  @Override
  public void skip(String customer) {
    RolloutStack stack = stacks.get(customer);
    if (stack != null && !stack.settled()) {
      stacks.put(customer, stack.with(RolloutStack.SKIPPED, stack.commit(), "skipped by an operator"));
    }
  }

  @Override
  public void abort(String reason) {
    abortReason = reason == null || reason.isBlank() ? "aborted by an operator" : reason;
  }

  @Override
  public RolloutStatus status() {
    return new RolloutStatus(id, request == null ? null : request.release(), request == null ? null : request.select(),
        state, wave > waves ? waves : wave, waves, halted, soakUntil, List.copyOf(stacks.values()));
  }
}
