package io.stackpilot.activities.store;

/** A backup part does not match its manifest: restoring it would load something else than was backed up. */
public final class TamperedBackupException extends RuntimeException {

  public TamperedBackupException(String backupId, String part, String problem) {
    super("backup " + backupId + ": part " + part + " " + problem);
  }

  /** The same refusal, told with more: what the operator can do about it. */
  public TamperedBackupException withHint(String hint) {
    return new TamperedBackupException(getMessage() + hint, this);
  }

  private TamperedBackupException(String message, TamperedBackupException cause) {
    super(message, cause);
  }
}
