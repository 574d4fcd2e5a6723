package io.stackpilot.activities.store;

/** A backup part does not match its manifest: restoring it would load something else than was backed up. */
public final class TamperedBackupException extends RuntimeException {

  public TamperedBackupException(String backupId, String part, String problem) {
    super("backup " + backupId + ": part " + part + " " + problem);
  }
}
