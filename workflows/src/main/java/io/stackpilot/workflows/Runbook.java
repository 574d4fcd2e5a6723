package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.api.StepRecord;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Runs the steps of one operation and lets an operator steer them. A step that still fails after its
 * activity's retries does not fail the run: the run records the error, sets StackState=NeedsAttention,
 * shows the error and the commands to continue, and waits for {@code retry}, {@code skip} (where the step
 * allows it) or {@code abort}. Fatal failures (invalid configuration, a tampered backup) end the run at once.
 */
final class Runbook {

  private static final Logger log = Workflow.getLogger(Runbook.class);

  private final String operation;
  private final int totalSteps;
  private final String customerHint;
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
  private String customer;
  private String commit;
  private String release;
  private String host;
  private String stepHost;

  Runbook(String operation, int totalSteps) {
    this.operation = operation;
    this.totalSteps = totalSteps;
    String workflowId = Workflow.getInfo().getWorkflowId();
    this.customerHint = workflowId.startsWith("stack-") ? workflowId.substring("stack-".length()) : workflowId;
    this.customer = customerHint;
    this.startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
    Workflow.upsertTypedSearchAttributes(
        StackSearchAttributes.CUSTOMER.valueSet(customerHint),
        StackSearchAttributes.STATE.valueSet(StackStatus.RUNNING));
  }

  /** Runs a step that must not be skipped. */
  <T> T step(String name, Supplier<T> action) {
    return run(name, false, action);
  }

  void step(String name, Runnable action) {
    run(name, false, () -> {
      action.run();
      return null;
    });
  }

  /** Runs a step the operator may skip when it fails; returns null when skipped. */
  <T> T skippableStep(String name, Supplier<T> action) {
    return run(name, true, action);
  }

  void skippableStep(String name, Runnable action) {
    run(name, true, () -> {
      action.run();
      return null;
    });
  }

  /** A skippable step on another host than the run's, so that a host agent not answering is named right. */
  void skippableStepOn(String otherHost, String name, Runnable action) {
    stepHost = otherHost;
    try {
      skippableStep(name, action);
    } finally {
      stepHost = null;
    }
  }

  /** Records what the run acts on, once the desired state is known. */
  void resolved(DesiredState desired, String targetHost) {
    String expected = desired.stack().workflowId();
    if (!expected.equals(Workflow.getInfo().getWorkflowId())) {
      throw ApplicationFailure.newNonRetryableFailure("workflow id '" + Workflow.getInfo().getWorkflowId()
          + "' does not match customer '" + desired.stack().customer() + "' of stack.yaml; start it as " + expected,
          FailureTypes.INVALID_CONFIGURATION);
    }
    customer = desired.stack().customer();
    commit = desired.commit();
    release = desired.stack().release();
    host = targetHost;
    Workflow.upsertTypedSearchAttributes(
        StackSearchAttributes.CUSTOMER.valueSet(customer),
        StackSearchAttributes.RELEASE.valueSet(release),
        StackSearchAttributes.HOST.valueSet(host));
  }

  /** A remark on the step now running, kept in its record: why it did less than usual. */
  void note(String text) {
    pendingNote = text;
  }

  List<StepRecord> steps() {
    return List.copyOf(steps);
  }

  String customer() {
    return customer;
  }

  void completed() {
    state = StackStatus.COMPLETED;
    nextActions = List.of();
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails(operation + " of " + customer + " completed: " + steps.size() + " steps.");
  }

  private <T> T run(String name, boolean canSkip, Supplier<T> action) {
    stepNumber++;
    step = name;
    skippable = canSkip;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STEP.valueSet(name),
        StackSearchAttributes.STATE.valueSet(StackStatus.RUNNING));
    Workflow.setCurrentDetails("Step " + stepNumber + "/" + totalSteps + ": " + name);
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
        String message = describe(failure);
        if (isFatal(failure)) {
          fail(name, message, failure);
        }
        Decision chosen = awaitDecision(name, message);
        switch (chosen.action()) {
          case Decision.RETRY -> log.info("operator retries step {}", name);
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
    nextActions = commands();
    waiting = true;
    decision = null;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails("**Step " + stepNumber + "/" + totalSteps + " \"" + name + "\" needs attention.**\n\n"
        + message + "\n\nFix the cause, then continue with one of:\n\n" + String.join("\n", nextActions));
    log.warn("step {} needs attention: {}", name, message);
    Workflow.await(() -> decision != null);
    Decision chosen = decision;
    waiting = false;
    decision = null;
    state = StackStatus.RUNNING;
    nextActions = List.of();
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails("Step " + stepNumber + "/" + totalSteps + ": " + name + " (" + chosen.action() + ")");
    return chosen;
  }

  private List<String> commands() {
    String id = Workflow.getInfo().getWorkflowId();
    List<String> commands = new ArrayList<>();
    commands.add("stackctl retry " + customer + "    # or: temporal workflow signal --workflow-id " + id + " --name retry");
    if (skippable) {
      commands.add("stackctl skip " + customer + "     # or: temporal workflow signal --workflow-id " + id + " --name skip");
    }
    commands.add("stackctl abort " + customer + " --reason '…'    # or: temporal workflow signal --workflow-id " + id
        + " --name abort --input '\"reason\"'");
    return commands;
  }

  private void fail(String name, String message, ActivityFailure cause) {
    state = StackStatus.FAILED;
    lastError = message;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    Workflow.setCurrentDetails("Step " + stepNumber + "/" + totalSteps + " \"" + name + "\" failed: " + message);
    String type = ((ApplicationFailure) cause.getCause()).getType();
    throw ApplicationFailure.newNonRetryableFailure(name + ": " + message, type);
  }

  private void abort(String name, String reason) {
    state = StackStatus.ABORTED;
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.STATE.valueSet(state));
    String why = reason == null || reason.isBlank() ? "no reason given" : reason;
    Workflow.setCurrentDetails("Aborted by the operator at step " + stepNumber + "/" + totalSteps + " \"" + name + "\": " + why);
    throw ApplicationFailure.newNonRetryableFailure("aborted by the operator at step \"" + name + "\": " + why,
        FailureTypes.ABORTED);
  }

  private static boolean isFatal(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app && FailureTypes.FATAL.contains(app.getType());
  }

  private String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof TimeoutFailure timeout) {
      if (timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        String queue = failure.getActivityType() == null ? "" : " (" + failure.getActivityType() + ")";
        String agent = stepHost == null ? host : stepHost;
        return "no host agent picked up the step" + queue + ": is the host agent for '" + agent
            + "' running and polling task queue host-" + agent + "?";
      }
      return failure.getActivityType() + " timed out (" + timeout.getTimeoutType().name()
          .replace("TIMEOUT_TYPE_", "").toLowerCase().replace('_', '-') + ")";
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    return cause == null ? failure.getMessage() : cause.getMessage();
  }

  // ----- steering: the update, the signals and the query delegate here

  void validate(Decision proposed) {
    if (proposed == null || proposed.action() == null || !Decision.ACTIONS.contains(proposed.action())) {
      throw new IllegalArgumentException("action must be one of " + String.join(", ", Decision.ACTIONS));
    }
    if (!waiting) {
      throw new IllegalStateException(operation + " of " + customer + " is not waiting for a decision (step "
          + stepNumber + "/" + totalSteps + " \"" + step + "\" is " + state + ")");
    }
    if (Decision.SKIP.equals(proposed.action()) && !skippable) {
      throw new IllegalArgumentException("step \"" + step + "\" cannot be skipped; retry or abort");
    }
  }

  String decide(Decision chosen) {
    decision = chosen;
    return chosen.action() + " step " + stepNumber + "/" + totalSteps + " \"" + step + "\"";
  }

  /** Signals cannot be refused like an update: one that does not fit is logged and ignored. */
  void signal(Decision chosen) {
    try {
      validate(chosen);
      decide(chosen);
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.warn("ignored signal {}: {}", chosen.action(), e.getMessage());
    }
  }

  StackStatus status() {
    return new StackStatus(operation, customer, state, step, stepNumber, totalSteps, lastError, skippable && waiting,
        nextActions, commit, release, host, startedAt, List.copyOf(steps));
  }
}
