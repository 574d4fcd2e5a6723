package io.stackpilot.activities.compose;

/** A secret reference cannot be resolved on this host; the message names the secret, never a value. */
public final class MissingSecretException extends RuntimeException {

  public MissingSecretException(String message) {
    super(message);
  }
}
