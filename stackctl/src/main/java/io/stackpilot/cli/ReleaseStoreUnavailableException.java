package io.stackpilot.cli;

/** The release store did not answer or answered with an error: the stack itself may well be valid. */
final class ReleaseStoreUnavailableException extends RuntimeException {

  ReleaseStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
