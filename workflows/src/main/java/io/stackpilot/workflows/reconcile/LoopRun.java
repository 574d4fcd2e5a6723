package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.DrillResult;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.ReconcileState.Applied;
import io.stackpilot.workflows.api.ReconcileState.Drills;
import io.stackpilot.workflows.api.ReconcileState.Failed;
import io.stackpilot.workflows.api.ReconcileState.Pending;
import io.stackpilot.workflows.api.ReconcileState.Poll;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.backup.BackupStackWorkflow;
import io.stackpilot.workflows.drill.DrillStackWorkflow;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * An operation the GitOps loop started and waits for. Each kind settles its own part of the loop's state when it ends
 * and says what the loop is doing meanwhile; one that could not start because the stack was busy notes so.
 */
sealed interface LoopRun {

  /** The workflow type of the operation. */
  String operation();

  Promise<?> result();

  /** The loop's state while it runs. */
  String stateName();

  /** The loop's state once the operation has ended. */
  ReconcileState settled(ReconcileState state, Instant now, String customer);

  /** The loop's state when the operation could not start because {@code why}. */
  default ReconcileState busy(ReconcileState state, String why) {
    return state.withPoll(new Poll(state.poll().lastPollAt(), operation() + " not started: " + why));
  }

  /**
   * Install, update or migrate to the desired state of a commit; {@code override}: why it ran outside the stack's
   * maintenance windows (null: it did not), which the loop's status keeps.
   */
  record Apply(String operation, DesiredState desired, Promise<OperationResult> result, String override)
      implements LoopRun {

    @Override
    public String stateName() {
      return ReconcileStatus.APPLYING;
    }

    @Override
    public ReconcileState settled(ReconcileState state, Instant now, String customer) {
      String commit = desired.commit();
      try {
        OperationResult done = result.get();
        ReconcileState next = state.ended(operation, "completed" + (override == null ? "" : " (" + override + ")"))
            .withApplied(new Applied(commit, desired.stack())).withFailed(null)
            .withPending(new Pending(null, operation + " of commit " + StackNames.shortCommit(commit) + " completed"
                + (override == null ? "" : " (" + override + ")")));
        return done.backupWritten() == null ? next
            : next.withNightly(NightlyBackupClock.taken(next.nightly(), done, now, false));
      } catch (TemporalFailure e) {
        String reason = operation + " of commit " + StackNames.shortCommit(commit) + " failed: "
            + Failures.rootMessage(e);
        return state.ended(operation, "failed: " + Failures.rootMessage(e))
            .withFailed(new Failed(commit, reason)).withPending(new Pending("waiting", reason
                + "; waiting for a new commit or an operator's retry (stackctl reconcile retry " + customer + ")"));
      }
    }
  }

  /** The nightly backup. */
  record NightlyBackup(Promise<OperationResult> result) implements LoopRun {

    @Override
    public String operation() {
      return BackupStackWorkflow.TYPE;
    }

    @Override
    public String stateName() {
      return ReconcileStatus.BACKING_UP;
    }

    @Override
    public ReconcileState settled(ReconcileState state, Instant now, String customer) {
      try {
        OperationResult done = result.get();
        return state.ended(operation(), "completed")
            .withNightly(NightlyBackupClock.taken(state.nightly(), done, now, true));
      } catch (TemporalFailure e) {
        String why = Failures.rootMessage(e);
        return state.ended(operation(), "failed: " + why).withNightly(NightlyBackupClock.noted(
            state.nightly(), "nightly backup failed at " + now + ": " + why + "; tried again at the next poll"));
      }
    }

    @Override
    public ReconcileState busy(ReconcileState state, String why) {
      return state.withNightly(NightlyBackupClock.noted(state.nightly(), "nightly backup skipped: " + why));
    }
  }

  /** The scheduled drill; its time and figures are recorded, which the fleet's metrics read from the status. */
  record Drill(Promise<DrillResult> result) implements LoopRun {

    @Override
    public String operation() {
      return DrillStackWorkflow.TYPE;
    }

    @Override
    public String stateName() {
      return ReconcileStatus.DRILLING;
    }

    @Override
    public ReconcileState settled(ReconcileState state, Instant now, String customer) {
      Instant next = DrillClock.next(state.applied(), now);
      Drills drills;
      try {
        drills = DrillClock.passed(result.get(), now, next);
      } catch (TemporalFailure e) {
        String why = Failures.rootMessage(e);
        Workflow.getLogger(LoopRun.class).warn("{}: drill failed: {}", customer, why);
        drills = DrillClock.failed(why, now, next);
      }
      return state.withDrills(drills).ended(operation(), drills.failed() ? drills.outcome() : "completed");
    }

    @Override
    public ReconcileState busy(ReconcileState state, String why) {
      return state.withPoll(new Poll(state.poll().lastPollAt(), "drill not started: " + why));
    }
  }
}
