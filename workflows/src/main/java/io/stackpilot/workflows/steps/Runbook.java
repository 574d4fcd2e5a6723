package io.stackpilot.workflows.steps;

import io.stackpilot.failures.FailureType;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.Notification;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.api.StepRecord;
import io.stackpilot.workflows.fleet.FleetPublisher;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Runs the declared steps of one operation and lets an operator steer them, by the tiers of
 * {@link FailureType}: a step whose failure is transient was already retried by its activity's retry options;
 * when it still fails, or its failure is operator-fixable, the run does not fail: it records the error, sets
 * StackState=NeedsAttention, shows the error and the commands to continue, and waits for {@code retry},
 * {@code skip} (where the step allows it) or {@code abort}. A terminal failure ends the run at once.
 */
public final class Runbook {

  private static final Logger log = Workflow.getLogger(Runbook.class);

  private final String operation;
  private final int totalSteps;
  private final List<StepRecord> steps = new ArrayList<>();
  private final String startedAt;

  private String state = StackStatus.RUNNING;
  private String step = "";
  private int stepNumber;
  private boolean skippable;
  private String lastError;
  private List<String> nextActions = List.of();
  private Decision decision;
  private String pendingNote;
  private boolean waiting;
  private boolean confirming;
  /** The step now running restores a backup, and a retry may name another one. */
  private boolean choosesBackup;
  /** The backup the failed restore offers instead (the previous complete one), while the step waits. */
  private String offeredBackup;
  /** The backup the operator's retry named, until the step's next attempt looks it up. */
  private String chosenBackup;
  /** How often the run asked for attention: each time is its own notification. */
  private int attentions;
  private String customer;
  private String commit;
  private String release;
  private String host;
  private String stepHost;
  /** The customer the fleet index hears of this run under; null: a run that is not a stack's operation. */
  private final String indexed;

  /** {@code declared}: the operation's steps in order, which give its total. */
  public Runbook(String operation, List<Step> declared) {
    this.operation = operation;
    this.totalSteps = declared.size();
    String workflowId = Workflow.getInfo().getWorkflowId();
    this.customer = StackNames.customerOfOperation(workflowId).orElse(workflowId);
    this.startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
    Workflow.upsertTypedSearchAttributes(
        StackSearchAttributes.CUSTOMER.valueSet(customer),
        StackSearchAttributes.STATE.valueSet(StackStatus.RUNNING));
    // The index hears of the run at its first step: a signal waited for here would end the run's first task before
    // the first step starts, and a client following the run would see no step at its first look.
    indexed = StackNames.customerOfOperation(workflowId).filter(c -> FleetPublisher.enabled()).orElse(null);
  }

  /** Runs {@code step} on the run's host. */
  public <T> T run(Step step, Supplier<T> action) {
    return run(step, null, action);
  }

  public void run(Step step, Runnable action) {
    run(step, null, () -> {
      action.run();
      return null;
    });
  }

  /**
   * Runs {@code step} on {@code otherHost} (a step such as "stop old stack on …"), so that an agent that does not
   * answer is named right. A skipped step returns null.
   */
  public <T> T run(Step step, String otherHost, Supplier<T> action) {
    stepHost = otherHost;
    try {
      return attempt(step.label(otherHost), step.skippable(), action);
    } finally {
      stepHost = null;
    }
  }

  /**
   * Runs {@code step}, which restores {@code backup}. When that backup cannot be used (altered, or a schema newer than
   * the release), the run does not end: the step waits, naming it and offering the previous complete backup, and the
   * operator's retry may name the backup to restore instead ({@code stackctl retry <customer> --backup <id>}), which
   * {@code find} looks up; one that is not found waits again. {@code restore} gets the backup to restore each attempt.
   */
  public <T> T restoring(Step step, BackupRef backup, Function<String, BackupRef> find, Function<BackupRef, T> restore) {
    BackupRef[] current = {backup};
    String[] choice = {null};
    choosesBackup = true;
    try {
      return attempt(step.label(null), step.skippable(), () -> {
        if (chosenBackup != null) {
          String named = chosenBackup;
          chosenBackup = null;
          BackupRef found = find.apply(named);
          choice[0] = "restored " + found.id() + ", chosen by the operator instead of " + current[0].id();
          current[0] = found;
        }
        T restored = restore.apply(current[0]);
        if (choice[0] != null) {
          note(choice[0] + (pendingNote == null ? "" : "; " + pendingNote));
        }
        return restored;
      });
    } finally {
      choosesBackup = false;
      offeredBackup = null;
      chosenBackup = null;
    }
  }

  /** Records what the run acts on, once the desired state is known. */
  public void resolved(DesiredState desired, String targetHost) {
    String expected = StackNames.operationId(desired.stack().customer());
    if (!expected.equals(Workflow.getInfo().getWorkflowId())) {
      throw FailureType.INVALID_CONFIGURATION.failure("workflow id '" + Workflow.getInfo().getWorkflowId()
          + "' does not match customer '" + desired.stack().customer() + "' of stack.yaml; start it as " + expected);
    }
    customer = desired.stack().customer();
    commit = desired.commit();
    release = desired.stack().release();
    host = targetHost;
    Workflow.upsertTypedSearchAttributes(
        StackSearchAttributes.CUSTOMER.valueSet(customer),
        StackSearchAttributes.RELEASE.valueSet(release),
        StackSearchAttributes.HOST.valueSet(host));
    tellFleet(STILL_RUNNING);
  }

  /** A remark on the step now running, kept in its record: why it did less than usual. */
  public void note(String text) {
    pendingNote = text;
  }

  public List<StepRecord> steps() {
    return List.copyOf(steps);
  }

  public void completed() {
    state = StackStatus.COMPLETED;
    nextActions = List.of();
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails(operation + " of " + customer + " completed: " + steps.size() + " steps.");
    tellFleet("completed");
    Notifications.send(Notification.COMPLETED, "end", customer, operation, operation + " of " + customer + " completed"
        + (release == null ? "" : ": release " + release + " on " + host) + " in " + steps.size() + " steps");
  }

  /**
   * A step that changes nothing itself and asks the operator to go ahead: {@code consequence} says what continuing
   * gives up. {@code accepted}: the operator accepted it when starting the run, and the step only records it.
   */
  public void confirm(Step confirmation, String consequence, boolean accepted) {
    stepNumber++;
    step = confirmation.label(null);
    skippable = false;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STEP.valueSet(step));
    tellFleet(STILL_RUNNING);
    long started = Workflow.currentTimeMillis();
    if (accepted) {
      steps.add(new StepRecord(step, StepRecord.DONE, 1, 0, "accepted when the run was started: " + consequence));
      return;
    }
    confirming = true;
    try {
      Decision chosen = awaitDecision(step, consequence);
      if (Decision.ABORT.equals(chosen.action())) {
        abort(step, chosen.reason());
      }
      steps.add(new StepRecord(step, StepRecord.DONE, 1, Workflow.currentTimeMillis() - started,
          "accepted by the operator: " + consequence));
    } finally {
      confirming = false;
    }
  }

  /** Ends the run as failed for a reason of its own, not a step's error: what the caller throws. */
  public ApplicationFailure failed(String message, FailureType type) {
    state = StackStatus.FAILED;
    lastError = message;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails(operation + " of " + customer + " failed: " + message);
    tellFleet(ENDED_FAILED);
    Notifications.send(Notification.FAILED, "end", customer, operation, operation + " of " + customer + " failed: " + message);
    return type.failure(message);
  }

  private <T> T attempt(String name, boolean canSkip, Supplier<T> action) {
    stepNumber++;
    step = name;
    skippable = canSkip;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STEP.valueSet(name),
        StackSearchAttributes.STATE.valueSet(StackStatus.RUNNING));
    Workflow.setCurrentDetails("Step " + stepNumber + "/" + totalSteps + ": " + name);
    tellFleet(STILL_RUNNING);
    long started = Workflow.currentTimeMillis();
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        pendingNote = null;
        T result = action.get();
        steps.add(new StepRecord(name, StepRecord.DONE, attempts, Workflow.currentTimeMillis() - started, pendingNote));
        lastError = null;
        return result;
      } catch (ActivityFailure failure) {
        String message = StepFailures.describe(failure, stepHost == null ? host : stepHost);
        if (StepFailures.isTerminal(failure) && !(choosesBackup && StepFailures.backupUnusable(failure))) {
          fail(name, message, failure);
        }
        offeredBackup = choosesBackup ? Failures.offeredBackup(failure).orElse(null) : null;
        Decision chosen = awaitDecision(name, message);
        switch (chosen.action()) {
          case Decision.RETRY -> {
            chosenBackup = chosen.backup();
            log.info("operator retries step {}{}", name, chosen.backup() == null ? "" : " with backup " + chosen.backup());
          }
          case Decision.SKIP -> {
            steps.add(new StepRecord(name, StepRecord.SKIPPED, attempts, Workflow.currentTimeMillis() - started,
                "skipped by the operator after: " + message));
            return null;
          }
          default -> abort(name, chosen.reason());
        }
      }
    }
  }

  private Decision awaitDecision(String name, String message) {
    state = StackStatus.NEEDS_ATTENTION;
    lastError = message;
    nextActions = NextActions.of(customer, Workflow.getInfo().getWorkflowId(), confirming, choosesBackup, offeredBackup,
        skippable);
    waiting = true;
    decision = null;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails("**Step " + stepNumber + "/" + totalSteps + " \"" + name + "\" needs attention.**\n\n"
        + message + (confirming ? "\n\nGo ahead or stop with one of:\n\n" : "\n\nFix the cause, then continue with one of:\n\n")
        + String.join("\n", nextActions));
    tellFleet(STILL_RUNNING);
    log.warn("step {} needs attention: {}", name, message);
    attentions++;
    Notifications.send(Notification.ATTENTION, stepNumber + "." + attentions, customer, operation, operation + " of "
        + customer + ": step " + stepNumber + "/" + totalSteps + " \"" + name + "\" needs attention: " + message
        + " — " + nextActions.get(0).replaceFirst(" {2,}#.*", ""));
    Workflow.await(() -> decision != null);
    Decision chosen = decision;
    waiting = false;
    decision = null;
    state = StackStatus.RUNNING;
    nextActions = List.of();
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails("Step " + stepNumber + "/" + totalSteps + ": " + name + " (" + chosen.action() + ")");
    tellFleet(STILL_RUNNING);
    return chosen;
  }

  private void fail(String name, String message, ActivityFailure cause) {
    state = StackStatus.FAILED;
    lastError = message;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails("Step " + stepNumber + "/" + totalSteps + " \"" + name + "\" failed: " + message);
    tellFleet(ENDED_FAILED);
    Notifications.send(Notification.FAILED, "end", customer, operation, operation + " of " + customer + " failed at step "
        + stepNumber + "/" + totalSteps + " \"" + name + "\": " + message);
    String type = ((ApplicationFailure) cause.getCause()).getType();
    throw ApplicationFailure.newNonRetryableFailure(name + ": " + message, type);
  }

  private void abort(String name, String reason) {
    state = StackStatus.ABORTED;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    String why = reason == null || reason.isBlank() ? "no reason given" : reason;
    Workflow.setCurrentDetails("Aborted by the operator at step " + stepNumber + "/" + totalSteps + " \"" + name + "\": " + why);
    tellFleet(ENDED_FAILED);
    Notifications.send(Notification.FAILED, "end", customer, operation, operation + " of " + customer
        + " aborted by the operator at step " + stepNumber + "/" + totalSteps + " \"" + name + "\": " + why);
    throw FailureType.ABORTED.failure("aborted by the operator at step \"" + name + "\": " + why);
  }

  private static final String STILL_RUNNING = "running";
  /** How Temporal will name the run's end once the failure this method precedes is thrown. */
  private static final String ENDED_FAILED = "failed";

  /** The fleet index's view of this run, sent at each change of its state or step ({@code status}: the run's). */
  private void tellFleet(String status) {
    if (indexed != null) {
      FleetPublisher.operation(indexed, new FleetOperation(operation, Workflow.getInfo().getRunId(), status, state,
          step.isEmpty() ? null : step, stepNumber, totalSteps, release, host, startedAt));
    }
  }

  // ----- steering: the update, the signals and the query delegate here

  public void validate(Decision proposed) {
    SteeringRules.check(proposed, new SteeringRules.Waiting(operation + " of " + customer, step, stepNumber, totalSteps,
        state, waiting, confirming, skippable, choosesBackup, offeredBackup));
  }

  public String decide(Decision chosen) {
    decision = chosen;
    return chosen.action() + " step " + stepNumber + "/" + totalSteps + " \"" + step + "\""
        + (chosen.backup() == null ? "" : " with backup " + chosen.backup());
  }

  /** Signals cannot be refused like an update: one that does not fit is logged and ignored. */
  public void signal(Decision chosen) {
    try {
      validate(chosen);
      decide(chosen);
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.warn("ignored signal {}: {}", chosen.action(), e.getMessage());
    }
  }

  public StackStatus status() {
    return new StackStatus(operation, customer, state, step, stepNumber, totalSteps, lastError, skippable && waiting,
        choosesBackup && waiting, waiting ? offeredBackup : null, nextActions, commit, release, host, startedAt, List.copyOf(steps));
  }
}
