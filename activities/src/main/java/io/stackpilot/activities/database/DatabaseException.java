package io.stackpilot.activities.database;

/** The database refused something; the message carries its error. */
public final class DatabaseException extends RuntimeException {

  public DatabaseException(String message) {
    super(message);
  }
}
