package io.stackpilot.activities.database;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** The database refused something; the message carries its error. */
public final class DatabaseException extends TypedException {

  public DatabaseException(String message) {
    super(FailureType.DATABASE_ERROR, message);
  }
}
