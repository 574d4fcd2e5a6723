package io.stackpilot.activities.git;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** The customer repo has no such branch, tag or commit. */
public final class UnknownRefException extends TypedException {

  public UnknownRefException(String message) {
    super(FailureType.INVALID_CONFIGURATION, message);
  }
}
