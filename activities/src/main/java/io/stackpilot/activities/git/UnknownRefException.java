package io.stackpilot.activities.git;

/** The customer repo has no such branch, tag or commit. */
public final class UnknownRefException extends RuntimeException {

  public UnknownRefException(String message) {
    super(message);
  }
}
