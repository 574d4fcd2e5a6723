package io.stackpilot.activities.store;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** A write-once store refused to overwrite something that exists. */
public final class AlreadyExistsException extends TypedException {

  public AlreadyExistsException(String what) {
    super(FailureType.BACKUP_CONFLICT, what + " already exists; backup stores are write-once and never overwrite");
  }
}
