package io.stackpilot.testing;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;

/** The ApplicationFailure an activity throws, called directly or through Temporal's activity environment. */
public final class Failures {

  private Failures() {}

  public static ApplicationFailure applicationFailure(Runnable call) {
    try {
      call.run();
    } catch (ApplicationFailure f) {
      return f;
    } catch (ActivityFailure f) {
      if (f.getCause() instanceof ApplicationFailure cause) {
        return cause;
      }
      throw new AssertionError("expected an ApplicationFailure, got " + f.getCause(), f);
    }
    throw new AssertionError("expected a failure");
  }
}
