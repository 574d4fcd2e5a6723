package io.stackpilot.failures;

/**
 * An exception that knows its {@link FailureType}: where it is thrown decides what Stackpilot does about it, and an
 * activity leaves with a failure of that type. Any other exception is transient.
 */
public abstract class TypedException extends RuntimeException {

  private final FailureType type;

  protected TypedException(FailureType type, String message) {
    super(message);
    this.type = type;
  }

  protected TypedException(FailureType type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  public FailureType type() {
    return type;
  }
}
