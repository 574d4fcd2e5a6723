package io.stackpilot.workflows.steps;

import io.stackpilot.failures.FailureType;
import io.stackpilot.workflows.activities.StoreActivities;
import io.stackpilot.workflows.api.Failures;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;

/** What a step's failed activity means for the run: its message, whether it ends the run, whether a backup is to blame. */
public final class StepFailures {

  private StepFailures() {}

  /** A terminal failure ends the run at once ({@link FailureType.Tier#TERMINAL}). */
  public static boolean isTerminal(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        && FailureType.tierOf(app.getType()) == FailureType.Tier.TERMINAL;
  }

  /** The restore's backup cannot be used, or the backup the operator named is not there: another backup can help. */
  public static boolean backupUnusable(ActivityFailure failure) {
    return StoreActivities.FIND_BACKUP.equals(failure.getActivityType())
        || failure.getCause() instanceof ApplicationFailure app
        && (FailureType.TAMPERED_BACKUP.id().equals(app.getType())
            || FailureType.SCHEMA_NEWER_THAN_RELEASE.id().equals(app.getType()));
  }

  /** The failure as the operator reads it; {@code host}: where the step ran, named when no agent picked it up. */
  public static String describe(ActivityFailure failure, String host) {
    Throwable cause = failure.getCause();
    if (Failures.noWorkerPickedUp(failure)) {
      String queue = failure.getActivityType() == null ? "" : " (" + failure.getActivityType() + ")";
      return Failures.noHostAgent("the step" + queue, host, null);
    }
    if (cause instanceof TimeoutFailure timeout) {
      return failure.getActivityType() + " timed out (" + timeout.getTimeoutType().name()
          .replace("TIMEOUT_TYPE_", "").toLowerCase().replace('_', '-') + ")";
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    return cause == null ? failure.getMessage() : cause.getMessage();
  }
}
