package io.stackpilot.workflows;

import io.stackpilot.model.StackSpec;
import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.stackpilot.workflows.activities.HostStack;
import io.stackpilot.workflows.activities.MigrationResult;
import io.stackpilot.workflows.activities.RestoreResult;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The steps operations share, written once: resolving the desired state, the install sequence (new
 * installation, migration and disaster recovery differ only in the backup and the host), and backups.
 */
final class StackSteps {

  static final int INSTALL_STEPS = 8;

  private static final DateTimeFormatter BACKUP_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Runbook runbook;
  private final Duration pickup;

  /** {@code pickup}: how long a host step waits for its agent before the run asks for attention. */
  StackSteps(Runbook runbook, Duration pickup) {
    this.runbook = runbook;
    this.pickup = pickup;
  }

  StackHostActivities host(String host, String activity, String summary) {
    return StackActivities.host(host, activity, summary, pickup);
  }

  DataHostActivities data(String host, String activity, String summary) {
    return StackActivities.data(host, activity, summary, pickup);
  }

  /** What the install sequence did. */
  record Installed(BackupRef backup, RestoreResult restore, MigrationResult migration, ApplyResult apply) {}

  DesiredState resolve(String repo, String ref) {
    DesiredState desired = runbook.step("resolve desired state",
        () -> StackActivities.desiredState("fetch " + ref + " of " + repo).fetchDesiredState(repo, ref));
    runbook.resolved(desired, desired.stack().host());
    return desired;
  }

  /** seed backup → prepare host → pull → start database → restore if empty → migrate → start services → verify. */
  Installed install(DesiredState desired) {
    return install(desired, null);
  }

  /** As above, from {@code given} (a migration's final backup) when there is one, else from the newest backup. */
  Installed install(DesiredState desired, BackupRef given) {
    StackSpec stack = desired.stack();
    HostStack target = HostStack.of(desired);
    String host = stack.host();
    BackupRef backup = runbook.step("seed backup", () -> given != null ? given : seed(desired));
    runbook.step("prepare host", () -> host(host, "PrepareHost",
        "prepare " + stack.customer() + " on " + host).prepareHost(target));
    runbook.step("pull images", () -> host(host, "PullImages",
        "pull the images of release " + stack.release() + " on " + host).pullImages(target));
    runbook.step("start database", () -> host(host, "StartDatabase",
        "start " + stack.customer() + "-" + desired.release().database().service()).startDatabase(target));
    RestoreResult restore = runbook.step("restore if empty", () -> data(host, "RestoreIfEmpty",
        "restore backup " + backup.describe() + " into " + stack.customer() + " if empty").restoreIfEmpty(target, backup));
    MigrationResult migration = migrate(desired);
    ApplyResult apply = startServices(desired);
    verifyHealth(desired);
    return new Installed(backup, restore, migration, apply);
  }

  MigrationResult migrate(DesiredState desired) {
    StackSpec stack = desired.stack();
    return runbook.step("migrate database", () -> data(stack.host(), "MigrateDatabase",
        "migrate the " + stack.customer() + " database to release " + stack.release()).migrateDatabase(HostStack.of(desired)));
  }

  ApplyResult startServices(DesiredState desired) {
    StackSpec stack = desired.stack();
    return runbook.step("start services", () -> host(stack.host(), "StartServices",
        "start " + String.join(", ", stack.services()) + " of " + stack.customer()).startServices(HostStack.of(desired)));
  }

  void verifyHealth(DesiredState desired) {
    StackSpec stack = desired.stack();
    runbook.skippableStep("verify health", () -> host(stack.host(), "VerifyHealth",
        "wait until " + stack.customer() + " is healthy").verifyHealth(HostStack.of(desired)));
  }

  /** The newest backup of the customer, else a copy of the release's vanilla backup. */
  private BackupRef seed(DesiredState desired) {
    StackSpec stack = desired.stack();
    String store = stack.backup().store();
    BackupRef newest = StackActivities.store("FindNewestBackup", "find the newest backup of " + stack.customer()
        + " in " + store).findNewestBackup(store, stack.customer());
    if (newest != null) {
      return newest;
    }
    return StackActivities.store("SeedFromVanilla", "copy the vanilla backup of release " + stack.release()
        + " into " + store).seedFromVanilla(store, stack.customer(), stack.release());
  }

  /** Dumps and uploads the parts of a new backup of the stack as it runs on {@code host}. */
  BackupParts uploadParts(DesiredState desired, String host, Duration hostPickup) {
    String id = newBackupId();
    return StackActivities.data(host, "UploadBackupParts", "dump " + desired.stack().customer() + " on " + host
        + " into backup " + id, hostPickup).uploadBackupParts(hostStack(desired, host), id);
  }

  void verifyParts(BackupParts parts) {
    StackActivities.store("VerifyBackupParts", "verify the parts of backup " + parts.id()).verifyBackupParts(parts);
  }

  BackupRef writeManifest(BackupParts parts) {
    return StackActivities.store("WriteBackupManifest", "write the manifest of backup " + parts.id())
        .writeBackupManifest(parts);
  }

  /** A whole backup in one go: upload, verify, manifest. */
  BackupRef backup(DesiredState desired, String host, Duration hostPickup) {
    BackupParts parts = uploadParts(desired, host, hostPickup);
    verifyParts(parts);
    return writeManifest(parts);
  }

  /** The stack as it runs on {@code host}, which differs from stack.yaml's host while migrating away from it. */
  static HostStack hostStack(DesiredState desired, String host) {
    StackSpec s = desired.stack();
    StackSpec onHost = new StackSpec(s.customer(), s.release(), s.sizing(), host, s.dns(), s.services(), s.env(),
        s.ports(), s.secrets(), s.backup());
    return new HostStack(desired.commit(), onHost, desired.release());
  }

  /** Sortable by time, unique per run. */
  private static String newBackupId() {
    String runId = Workflow.getInfo().getRunId();
    return BACKUP_ID.format(Instant.ofEpochMilli(Workflow.currentTimeMillis())) + "-" + runId.substring(0, 8);
  }
}
