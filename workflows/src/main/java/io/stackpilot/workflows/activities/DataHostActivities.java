package io.stackpilot.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a host agent does with a stack's data on its host: restore, migrate, back up. Scheduled on task queue
 * {@code host-<host>}, beside {@link StackHostActivities}. Every method is idempotent.
 */
@ActivityInterface
public interface DataHostActivities {

  /** Activity type names, as the workflows declare them in StackActivities. */
  String RESTORE_IF_EMPTY = "RestoreIfEmpty";
  String MIGRATE_DATABASE = "MigrateDatabase";
  String UPLOAD_BACKUP_PARTS = "UploadBackupParts";

  /**
   * Restores {@code backup} when the database is empty; says why it skipped otherwise. An interrupted
   * restore is detected (no restore marker) and redone from a clean database. Heartbeats progress.
   */
  @ActivityMethod(name = RESTORE_IF_EMPTY)
  RestoreResult restoreIfEmpty(DesiredState stack, BackupRef backup);
  /** Runs the release's Flyway migrations; applies nothing when the schema is current. */
  @ActivityMethod(name = MIGRATE_DATABASE)
  MigrationResult migrateDatabase(DesiredState stack);
  /**
   * Dumps the database and archives the files volume (minus excluded paths), streaming both into a new
   * backup {@code backupId} in the stack's store. Writes no manifest. Idempotent per backup id: parts already
   * uploaded completely are kept. Heartbeats progress.
   */
  @ActivityMethod(name = UPLOAD_BACKUP_PARTS)
  BackupParts uploadBackupParts(DesiredState stack, String backupId);
}
