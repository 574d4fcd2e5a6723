package io.stackpilot.activities.compose;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** A secret reference cannot be resolved on this host; the message names the secret, never a value. */
public final class MissingSecretException extends TypedException {

  public MissingSecretException(String message) {
    super(FailureType.MISSING_SECRET, message);
  }
}
