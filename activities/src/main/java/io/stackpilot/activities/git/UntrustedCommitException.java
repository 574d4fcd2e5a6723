package io.stackpilot.activities.git;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** The commit to deploy is not signed by a key the worker trusts for this repo. */
public final class UntrustedCommitException extends TypedException {

  public UntrustedCommitException(String message) {
    super(FailureType.INVALID_CONFIGURATION, message);
  }
}
