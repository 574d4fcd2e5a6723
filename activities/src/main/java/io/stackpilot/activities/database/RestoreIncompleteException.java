package io.stackpilot.activities.database;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** A restore into the database began and did not complete: nothing may treat its partial data as whole. */
public final class RestoreIncompleteException extends TypedException {

  public RestoreIncompleteException(String message) {
    super(FailureType.RESTORE_INCOMPLETE, message);
  }
}
