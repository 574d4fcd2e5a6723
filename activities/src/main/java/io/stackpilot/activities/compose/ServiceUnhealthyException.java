package io.stackpilot.activities.compose;

/** A service did not become healthy; the message names it and carries its health log and last log lines. */
public final class ServiceUnhealthyException extends RuntimeException {

  public ServiceUnhealthyException(String message) {
    super(message);
  }
}
