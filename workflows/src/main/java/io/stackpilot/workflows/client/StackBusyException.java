package io.stackpilot.workflows.client;

/** Another operation holds the stack: Temporal allows one run per workflow id stack-<customer>. */
public final class StackBusyException extends RuntimeException {

  public StackBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
