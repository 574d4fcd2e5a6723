package io.stackpilot.activities.store;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** A backup part does not match its manifest: restoring it would load something else than was backed up. */
public final class TamperedBackupException extends TypedException {

  public TamperedBackupException(String backupId, String part, String problem) {
    super(FailureType.TAMPERED_BACKUP, "backup " + backupId + ": part " + part + " " + problem);
  }

  /** The same refusal, told with more: what the operator can do about it. */
  public TamperedBackupException withHint(String hint) {
    return new TamperedBackupException(getMessage() + hint, this);
  }

  private TamperedBackupException(String message, TamperedBackupException cause) {
    super(FailureType.TAMPERED_BACKUP, message, cause);
  }
}
