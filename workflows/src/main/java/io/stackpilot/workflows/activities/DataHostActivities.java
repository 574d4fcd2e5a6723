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
  String IMPORT_BACKUP_PARTS = "ImportBackupParts";
  String PLAN_DATA = "PlanData";
  String TABLES_CHANGED_SINCE = "TablesChangedSince";
  String REPLACE_DATA = "ReplaceData";
  String COMPARE_WITH_BACKUP = "CompareWithBackup";
  String SHIP_BINLOG = "ShipBinlog";
  String READ_LIVE_POINT = "ReadLivePoint";
  String STAGE_BACKUP = "StageBackup";

  /**
   * Reads {@code backup}'s dump onto this host while the steps before its restore run, verified as a restore verifies
   * it (its digest against the manifest, every statement against what a dump may hold), so that the restore after it
   * loads the kept copy instead of reading the store again. Changes no database, volume or store. Unless
   * {@code replacing} (a rollback, whose ReplaceData restores over the data), reads nothing for a database container
   * that was there before this run reached the host (its database may hold data, and RestoreIfEmpty keeps it). Returns
   * what it did; the run does not wait for it, and the restore reads the store itself when it finds no copy. A run of
   * a release before {@code replacing} sends two arguments: {@code replacing} is then false.
   */
  @ActivityMethod(name = STAGE_BACKUP)
  String stageBackup(DesiredState stack, BackupRef backup, boolean replacing);

  /**
   * Reads the running stack's tables in one consistent snapshot with the binary log position it stands at (a dump
   * streamed through the fingerprints, kept nowhere), then closes the current log file so that the archive ships the
   * one holding that position at once. Read-only for the data. Heartbeats progress.
   */
  @ActivityMethod(name = READ_LIVE_POINT)
  LivePoint readLivePoint(DesiredState stack);

  /**
   * Archives the stack's binary log for {@code runFor} (an ISO-8601 duration): closes the current file at least every
   * {@code backup.binlog.every} when it holds new events, and writes each closed file the chain needs, write-once and
   * with its digest, into the stack's backup store. Returns early when no full backup starts a chain on this log, or a
   * file the chain needs is gone before it was archived. Idempotent: what is archived is read back from the store.
   * Heartbeats after every segment and every wait.
   */
  @ActivityMethod(name = SHIP_BINLOG)
  ArchiveProgress shipBinlog(DesiredState stack, String runFor);

  /**
   * Restores {@code backup} when the database is empty; says why it skipped otherwise. The part is verified against
   * its manifest before any of it reaches the database or the volume. An interrupted restore is detected (its marker
   * says started) and redone from a clean database. {@code replaceEarlierRestore}: a database Stackpilot restored
   * completely from another backup is restored again from this one (a migration's new host, which serves nobody
   * yet); data Stackpilot did not restore is never replaced. Heartbeats progress.
   */
  @ActivityMethod(name = RESTORE_IF_EMPTY)
  RestoreResult restoreIfEmpty(DesiredState stack, BackupRef backup, boolean replaceEarlierRestore);
  /**
   * Runs the release's Flyway migrations; applies nothing when the schema is current. Refuses a database whose
   * restore is incomplete.
   */
  @ActivityMethod(name = MIGRATE_DATABASE)
  MigrationResult migrateDatabase(DesiredState stack);
  /**
   * Dumps the database and archives the files volume (minus excluded paths), streaming both into a new
   * backup in the stack's store. Writes no manifest. The first attempt writes backup {@code backupId}; a retry
   * writes {@code backupId-<attempt>}, so it never collides with what an earlier attempt left; the parts say which.
   * Refuses a database whose restore is incomplete. Heartbeats progress from the streams.
   */
  @ActivityMethod(name = UPLOAD_BACKUP_PARTS)
  BackupParts uploadBackupParts(DesiredState stack, String backupId);

  /**
   * Reads an installation Stackpilot did not create from this host: checks the dump (SQL text of the release's
   * database alone), the files (nothing escaping their root) and the schema version (one of the release's migrations)
   * before anything is written, then streams them into a new backup in the stack's store, the stack.yaml exclusions
   * left out of the files. Writes no manifest; a retry writes {@code backupId-<attempt>}. Heartbeats progress.
   */
  @ActivityMethod(name = IMPORT_BACKUP_PARTS)
  BackupParts importBackupParts(DesiredState stack, ImportSource source, String backupId);

  /**
   * What the stack's data would go through, changing nothing: the running database's schema version (or
   * {@code restoring}, the schema version of the backup an install would restore, when no database runs; null there:
   * the release's vanilla backup, at its newest version), the release's migrations above it, and the restore
   * throughput last measured on this host.
   */
  @ActivityMethod(name = PLAN_DATA)
  DataPlan planData(DesiredState stack, String restoring);

  /**
   * The tables of the stack's database written since {@code since} (an ISO-8601 instant), as the server tracks them;
   * not measurable when the server started after that moment. Changes nothing.
   */
  @ActivityMethod(name = TABLES_CHANGED_SINCE)
  ChangedTables tablesChangedSince(DesiredState stack, String since);

  /**
   * Replaces the stack's data with {@code backup}'s, whatever the database holds: a rollback. The parts are verified
   * against the manifest, and the backup's schema checked against the release, before anything changes; then the
   * database is dropped and loaded under the restore marker, so an interrupted run leaves a database marked
   * incomplete (migrations and backups refuse it) and a retry loads it again. The files part is copied over the files
   * volume; paths stack.yaml excludes from backups stay as they are. A database already restored completely from
   * this backup by an earlier attempt is kept. Heartbeats progress.
   */
  @ActivityMethod(name = REPLACE_DATA)
  RestoreResult replaceData(DesiredState stack, BackupRef backup);

  /**
   * Dumps the database the stack (a drill copy) runs now and compares each table's rows and checksum with the
   * fingerprints {@code backup}'s manifest recorded; changes nothing. Heartbeats progress from the dump's stream.
   */
  @ActivityMethod(name = COMPARE_WITH_BACKUP)
  DataComparison compareWithBackup(DesiredState stack, BackupRef backup);
}
