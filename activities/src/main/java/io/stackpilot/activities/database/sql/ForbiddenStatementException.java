package io.stackpilot.activities.database.sql;

/** A dump holds a statement a restore never runs; nothing of the dump ran. */
public final class ForbiddenStatementException extends RuntimeException {

  public ForbiddenStatementException(String message) {
    super(message);
  }
}
