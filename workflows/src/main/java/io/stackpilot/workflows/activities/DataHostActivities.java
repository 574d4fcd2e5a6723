package io.stackpilot.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a host agent does with a stack's data on its host: restore, migrate, back up. Scheduled on task queue
 * {@code host-<host>}, beside {@link StackHostActivities}. Every method is idempotent.
 */
@ActivityInterface
public interface DataHostActivities {

  /**
   * Restores {@code backup} when the database is empty; says why it skipped otherwise. An interrupted
   * restore is detected (no restore marker) and redone from a clean database. Heartbeats progress.
   */
  @ActivityMethod(name = "RestoreIfEmpty")
  RestoreResult restoreIfEmpty(HostStack stack, BackupRef backup);
  /** Runs the release's Flyway migrations; applies nothing when the schema is current. */
  @ActivityMethod(name = "MigrateDatabase")
  MigrationResult migrateDatabase(HostStack stack);
  /**
   * Dumps the database and archives the files volume (minus excluded paths), streaming both into a new
   * backup {@code backupId} in the stack's store. Writes no manifest. Idempotent per backup id: parts already
   * uploaded completely are kept. Heartbeats progress.
   */
  @ActivityMethod(name = "UploadBackupParts")
  BackupParts uploadBackupParts(HostStack stack, String backupId);
}
