package io.stackpilot.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a host agent does on the host that runs a stack. Scheduled on task queue {@code host-<host>}, so it
 * executes on that machine. Every method is idempotent: running it twice, or again after a crash, leaves the
 * same stack.
 */
@ActivityInterface
public interface HostActivities {

  /** Creates the stack directory, renders compose.yaml and .env, creates network and volumes. Idempotent. */
  @ActivityMethod(name = "PrepareHost")
  void prepareHost(HostStack stack);

  /** Pulls the release's images that are missing or whose tag moved. Idempotent; heartbeats progress. */
  @ActivityMethod(name = "PullImages")
  void pullImages(HostStack stack);

  /** Creates and starts the database service and waits until it is healthy. Idempotent. */
  @ActivityMethod(name = "StartDatabase")
  void startDatabase(HostStack stack);

  /**
   * Restores {@code backup} when the database is empty; says why it skipped otherwise. An interrupted
   * restore is detected (no restore marker) and redone from a clean database. Heartbeats progress.
   */
  @ActivityMethod(name = "RestoreIfEmpty")
  RestoreResult restoreIfEmpty(HostStack stack, BackupRef backup);

  /** Runs the release's Flyway migrations; applies nothing when the schema is current. */
  @ActivityMethod(name = "MigrateDatabase")
  MigrationResult migrateDatabase(HostStack stack);

  /** Reconciles every enabled service: creates, recreates what changed, removes what is disabled. */
  @ActivityMethod(name = "StartServices")
  ApplyResult startServices(HostStack stack);

  /** Waits until every started service with a healthcheck is healthy; fails naming the service and its logs. */
  @ActivityMethod(name = "VerifyHealth")
  void verifyHealth(HostStack stack);

  /**
   * Dumps the database and archives the files volume (minus excluded paths), streaming both into a new
   * backup {@code backupId} in the stack's store. Writes no manifest. Idempotent per backup id: parts already
   * uploaded completely are kept. Heartbeats progress.
   */
  @ActivityMethod(name = "UploadBackupParts")
  BackupParts uploadBackupParts(HostStack stack, String backupId);

  /** Stops and removes the stack's containers and network; keeps its volumes. Idempotent. */
  @ActivityMethod(name = "StopStack")
  void stopStack(HostStack stack);
}
