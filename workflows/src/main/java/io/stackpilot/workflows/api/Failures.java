package io.stackpilot.workflows.api;

import io.stackpilot.failures.FailureType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.Optional;

/** Failure texts an operator reads, written once for workflows and stackctl. */
public final class Failures {

  private Failures() {}

  /** What went wrong at the bottom, without the wrappers Temporal and gRPC put around it. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root instanceof ApplicationFailure app ? app.getOriginalMessage() : root.getMessage();
  }

  /** True when no worker polled the activity's task queue within its schedule-to-start timeout. */
  public static boolean noWorkerPickedUp(ActivityFailure failure) {
    return failure.getCause() instanceof TimeoutFailure t
        && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
  }

  /** The backup a refused restore offers instead ({@link FailureType#refusingBackup}); empty when there is none. */
  public static Optional<String> offeredBackup(ActivityFailure failure) {
    if (failure.getCause() instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
      return Optional.ofNullable(app.getDetails().get(0, String.class));
    }
    return Optional.empty();
  }

  /** {@code what}: the step or the plan that waited; {@code waited}: how long, or null when not worth saying. */
  public static String noHostAgent(String what, String host, Duration waited) {
    return "no host agent picked up " + what + (waited == null ? "" : " within " + waited) + ": is the host agent for '"
        + host + "' running and polling task queue " + StackNames.hostTaskQueue(host) + "?";
  }
}
