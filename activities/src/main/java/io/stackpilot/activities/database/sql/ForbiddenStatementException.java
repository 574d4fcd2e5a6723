package io.stackpilot.activities.database.sql;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** A dump holds a statement a restore never runs; nothing of the dump ran. */
public final class ForbiddenStatementException extends TypedException {

  public ForbiddenStatementException(String message) {
    super(FailureType.TAMPERED_BACKUP, message);
  }
}
