package io.stackpilot.activities.git;

/** The commit to deploy is not signed by a key the worker trusts for this repo. */
public final class UntrustedCommitException extends RuntimeException {

  public UntrustedCommitException(String message) {
    super(message);
  }
}
