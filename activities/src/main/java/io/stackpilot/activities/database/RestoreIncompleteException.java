package io.stackpilot.activities.database;

/** A restore into the database began and did not complete: nothing may treat its partial data as whole. */
public final class RestoreIncompleteException extends RuntimeException {

  public RestoreIncompleteException(String message) {
    super(message);
  }
}
