package io.stackpilot.activities.files;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** A files archive holds an entry that would land outside the files volume; nothing of it is restored. */
public final class UnsafeArchiveException extends TypedException {

  public UnsafeArchiveException(String message) {
    super(FailureType.TAMPERED_BACKUP, message);
  }
}
