package io.stackpilot.activities;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;
import java.util.function.Supplier;

/**
 * Where the activities' exceptions become the failures the workflows act on: an exception that carries its
 * {@link FailureType} ({@link TypedException}) leaves as a non-retryable failure of that type; any other is transient,
 * retried by the step's retry options, then waiting for the operator with its message.
 */
public final class ActivityFailures {

  private ActivityFailures() {}

  /** Runs an activity's work; a typed exception leaves it as a non-retryable failure of its type. */
  public static <T> T translated(Supplier<T> work) {
    try {
      return work.get();
    } catch (TypedException e) {
      throw e.type().failure(e.getMessage());
    }
  }

  public static void translated(Runnable work) {
    translated(() -> {
      work.run();
      return null;
    });
  }
}
