package io.stackpilot.workflows.steps;

import io.stackpilot.model.StackSpec;
import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.api.BackupEntry;
import io.stackpilot.workflows.activities.BackupId;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.ChangedTables;
import io.stackpilot.workflows.activities.DataComparison;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.ImportSource;
import io.stackpilot.workflows.activities.LivePoint;
import io.stackpilot.workflows.activities.MigrationResult;
import io.stackpilot.workflows.activities.RestoreResult;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What each step calls, written once for every operation: resolving the desired state, the install sequence
 * (new installation, migration and disaster recovery differ only in the backup and the host), and backups.
 */
public final class StackSteps {

  private final Runbook runbook;
  private final StackActivities.HostTimeouts timeouts;

  public StackSteps(Runbook runbook, StackActivities.HostTimeouts timeouts) {
    this.runbook = runbook;
    this.timeouts = timeouts;
  }

  /**
   * The backup the install sequence starts from: one already in hand (a migration's final backup), one the input
   * names by id, or, when neither, the newest in the store, else a copy of the release's vanilla backup.
   */
  public record Seed(BackupRef given, String named, String until) {
    public static Seed given(BackupRef backup) {
      return new Seed(backup, null, null);
    }

    /** {@code id}: a backup id, or null for the newest. */
    public static Seed named(String id) {
      return new Seed(null, id, null);
    }

    /**
     * {@code id} as in {@link #named}; {@code until}: where the archived binary log is replayed to, as
     * {@link Inputs#until} reads it (null: the newest archived point).
     */
    public static Seed named(String id, String until) {
      return new Seed(null, id, until);
    }
  }

  /**
   * Since this version the seed of a stack that archives its binary log is a recovery plan: its backup (the newest, or
   * the newest before {@code until}) and the segments the restore replays after it.
   */
  private static final String POINT_IN_TIME = "point-in-time";

  /**
   * Since this version an unusable backup (altered, newer schema) no longer ends an install: its restore step waits
   * for the operator, who may retry it with another backup. A migration's own final backup is never swapped.
   */
  private static final String CHOOSE_BACKUP = "choose-backup";

  /**
   * Since this version the dump of the backup an install restores is read onto the host and verified while the images
   * are pulled and the database starts; the run does not wait for it (see {@link #readAhead}).
   */
  private static final String READ_AHEAD = "read-ahead";

  /** What the install sequence did. */
  public record Installed(BackupRef backup, RestoreResult restore, MigrationResult migration, ApplyResult apply) {}

  private record Restored(BackupRef backup, RestoreResult result) {}

  /** How long the host agent may take to pick a step up. */
  public Duration hostPickup() {
    return timeouts.pickup();
  }

  /** A control activity with the run's heartbeat timeout: a control worker that dies in it costs no more. */
  private <T> T control(StackActivities.Declared<T> activity, String summary) {
    return StackActivities.control(activity, summary, timeouts.heartbeat());
  }

  public DesiredState resolve(String repo, String ref) {
    DesiredState desired = runbook.run(Step.RESOLVE, () -> control(StackActivities.FETCH_DESIRED_STATE,
        "fetch " + ref + " of " + repo).fetchDesiredState(repo, ref));
    runbook.resolved(desired, desired.stack().host());
    return desired;
  }

  /**
   * {@link Step#INSTALL}, from the {@code seed} backup.
   * {@code newHost}: the stack moves to a host that serves nobody yet, where a database restored by an earlier
   * attempt from another backup is restored again from this one.
   */
  public Installed install(DesiredState desired, Seed seed, boolean newHost) {
    boolean pointInTime = seed.given() == null
        && Workflow.getVersion(POINT_IN_TIME, Workflow.DEFAULT_VERSION, 1) == 1;
    BackupRef backup = runbook.run(Step.SEED_BACKUP, () -> seed.given() != null ? seed.given()
        : pointInTime ? recoveryPoint(desired, seed.named(), seed.until(), true)
        : seed.named() != null ? findBackup(desired, seed.named()) : newestOrVanilla(desired));
    if (backup != null && Workflow.getVersion(READ_AHEAD, Workflow.DEFAULT_VERSION, 1) == 1) {
      readAhead(desired, backup);
    }
    prepareHost(desired);
    pullImages(desired);
    startDatabase(desired);
    Restored restored = Workflow.getVersion(CHOOSE_BACKUP, Workflow.DEFAULT_VERSION, 1) == 1 && seed.given() == null
        ? runbook.restoring(Step.RESTORE_IF_EMPTY, backup, id -> findBackup(desired, id),
            chosen -> restoreIfEmpty(desired, chosen, newHost))
        : runbook.run(Step.RESTORE_IF_EMPTY, () -> restoreIfEmpty(desired, backup, newHost));
    MigrationResult migration = migrate(desired);
    ApplyResult apply = startServices(desired);
    verifyHealth(desired);
    return new Installed(restored.backup(), restored.result(), migration, apply);
  }

  /** The restore, and how it ran (which path loaded the dump, rows, bytes and rate, or why nothing was restored) as its step's note. */
  private Restored restoreIfEmpty(DesiredState desired, BackupRef backup, boolean newHost) {
    StackSpec stack = desired.stack();
    return new Restored(backup, noted(StackActivities.onHost(StackActivities.RESTORE_IF_EMPTY, stack.host(),
        "restore backup " + backup.describe() + " into " + stack.customer() + " if empty", timeouts)
        .restoreIfEmpty(desired, backup, newHost)));
  }

  /** A restore's result, with how it ran (which path loaded the dump, rows, rate, how verified) as its step's note. */
  private RestoreResult noted(RestoreResult result) {
    runbook.note(result.reason());
    return result;
  }

  /**
   * Starts reading {@code backup}'s dump onto the stack's host, verified, for the restore step to load; not a step of its
   * own and not waited for: in one attempt, and when it is not done or not there, the restore reads the store itself.
   */
  public void readAhead(DesiredState desired, BackupRef backup) {
    readAhead(desired, backup, false);
  }

  /** As above; {@code replacing}: for ReplaceData, which restores over the data of a database that runs already. */
  public void readAhead(DesiredState desired, BackupRef backup, boolean replacing) {
    StackSpec stack = desired.stack();
    DataHostActivities host = StackActivities.onHostOnce(StackActivities.STAGE_BACKUP, stack.host(), "read backup "
        + backup.describe() + " ahead onto " + stack.host() + (replacing ? " while the services stop"
            : " while the database starts"), timeouts);
    Async.function(host::stageBackup, desired, backup, replacing);
  }

  public void prepareHost(DesiredState desired) {
    String host = desired.stack().host();
    runbook.run(Step.PREPARE_HOST, () -> StackActivities.onHost(StackActivities.PREPARE_HOST, host,
        "prepare " + desired.stack().customer() + " on " + host, timeouts).prepareHost(desired));
  }

  public void pullImages(DesiredState desired) {
    String host = desired.stack().host();
    runbook.run(Step.PULL_IMAGES, () -> StackActivities.onHost(StackActivities.PULL_IMAGES, host,
        "pull the images of release " + desired.stack().release() + " on " + host, timeouts)
        .pullImages(desired));
  }

  public MigrationResult migrate(DesiredState desired) {
    StackSpec stack = desired.stack();
    return runbook.run(Step.MIGRATE_DATABASE, () -> StackActivities.onHost(StackActivities.MIGRATE_DATABASE,
        stack.host(), "migrate the " + stack.customer() + " database to release " + stack.release(), timeouts)
        .migrateDatabase(desired));
  }

  public ApplyResult startServices(DesiredState desired) {
    StackSpec stack = desired.stack();
    return runbook.run(Step.START_SERVICES, () -> StackActivities.onHost(StackActivities.START_SERVICES, stack.host(),
        "start " + String.join(", ", stack.services()) + " of " + stack.customer(), timeouts)
        .startServices(desired));
  }

  public void verifyHealth(DesiredState desired) {
    StackSpec stack = desired.stack();
    runbook.run(Step.VERIFY_HEALTH, () -> StackActivities.onHost(StackActivities.VERIFY_HEALTH, stack.host(),
        "wait until " + stack.customer() + " is healthy", timeouts).verifyHealth(desired));
  }

  /** Stops the stack on the host it leaves; its volumes stay. */
  public void stopOldStack(DesiredState desired, String oldHost) {
    runbook.run(Step.STOP_OLD_STACK, oldHost, () -> {
      StackActivities.onHost(StackActivities.STOP_STACK, oldHost, "stop " + desired.stack().customer() + " on " + oldHost,
          timeouts).stopStack(desired.onHost(oldHost));
      return null;
    });
  }

  public void startDatabase(DesiredState desired) {
    StackSpec stack = desired.stack();
    runbook.run(Step.START_DATABASE, () -> StackActivities.onHost(StackActivities.START_DATABASE, stack.host(),
        "start " + stack.customer() + "-" + desired.release().database().service(), timeouts).startDatabase(desired));
  }

  /**
   * The backup to restore and the archived segments to replay after it. {@code named}: a backup id, or null for the
   * newest (before {@code until} when it is an instant); {@code until} as {@link Inputs#until} reads it. A store without
   * any backup gives the release's vanilla backup when {@code vanilla}, else null.
   */
  private BackupRef recoveryPoint(DesiredState desired, String named, String until, boolean vanilla) {
    StackSpec stack = desired.stack();
    String store = stack.backup().store();
    if (until != null && !Inputs.UNTIL_BACKUP.equals(until)) {
      BackupRef planned = control(StackActivities.PLAN_RECOVERY, "plan the recovery of " + stack.customer() + " to "
          + until).planRecovery(store, stack.customer(), named, until);
      noteRecovery(planned);
      return planned;
    }
    BackupRef found = named != null ? findBackup(desired, named) : control(StackActivities.FIND_NEWEST_BACKUP,
        "find the newest backup of " + stack.customer() + " in " + store).findNewestBackup(store, stack.customer());
    if (found == null) {
      return vanilla ? vanillaCopy(desired) : null;
    }
    if (found.binlog() == null || Inputs.UNTIL_BACKUP.equals(until)) {
      return found;
    }
    BackupRef planned = control(StackActivities.PLAN_RECOVERY, "plan the recovery of " + stack.customer()
        + " from backup " + found.id() + " to the newest archived point").planRecovery(store, stack.customer(),
        found.id(), null);
    noteRecovery(planned);
    return planned;
  }

  private void noteRecovery(BackupRef planned) {
    if (planned.recovery() == null) {
      return;
    }
    runbook.note("backup " + planned.id() + " (" + planned.createdAt() + "), then " + planned.recovery().segments().size()
        + " archived binary log segments (" + planned.recovery().bytes() + " bytes) to " + planned.recovery().recoversTo()
        + (planned.recovery().note() == null ? "" : "; " + planned.recovery().note()));
  }

  /** The backup a drill restores: the one named, else the customer's newest; none is an error naming the store. */
  public BackupRef backupToDrill(DesiredState desired, String named) {
    return backupToDrill(desired, named, Inputs.UNTIL_BACKUP);
  }

  /** As {@link #backupToDrill(DesiredState, String)}, with the archived binary log replayed to {@code until}. */
  public BackupRef backupToDrill(DesiredState desired, String named, String until) {
    if (!Inputs.UNTIL_BACKUP.equals(until)) {
      BackupRef planned = recoveryPoint(desired, named, until, false);
      if (planned == null) {
        StackSpec stack = desired.stack();
        throw Inputs.invalid("no complete backup of " + stack.customer() + " in " + stack.backup().store()
            + " to drill with");
      }
      return planned;
    }
    if (named != null) {
      return findBackup(desired, named);
    }
    StackSpec stack = desired.stack();
    String store = stack.backup().store();
    BackupRef newest = control(StackActivities.FIND_NEWEST_BACKUP, "find the newest backup of "
        + stack.customer() + " in " + store).findNewestBackup(store, stack.customer());
    if (newest == null) {
      throw Inputs.invalid("no complete backup of " + stack.customer() + " in " + store + " to drill with");
    }
    return newest;
  }

  /** The complete backup {@code id} of the customer; a backup that is not there fails naming those that are. */
  public BackupRef findBackup(DesiredState desired, String id) {
    StackSpec stack = desired.stack();
    String store = stack.backup().store();
    return control(StackActivities.FIND_BACKUP, "find backup " + id + " of " + stack.customer()
        + " in " + store).findBackup(store, stack.customer(), id);
  }

  /** The newest backup of the customer, else a copy of the release's vanilla backup. */
  private BackupRef newestOrVanilla(DesiredState desired) {
    StackSpec stack = desired.stack();
    String store = stack.backup().store();
    BackupRef newest = control(StackActivities.FIND_NEWEST_BACKUP, "find the newest backup of "
        + stack.customer() + " in " + store).findNewestBackup(store, stack.customer());
    if (newest != null) {
      return newest;
    }
    return vanillaCopy(desired);
  }

  private BackupRef vanillaCopy(DesiredState desired) {
    StackSpec stack = desired.stack();
    String store = stack.backup().store();
    return control(StackActivities.SEED_FROM_VANILLA, "copy the vanilla backup of release "
        + stack.release() + " into " + store).seedFromVanilla(store, stack.customer(), stack.release());
  }

  /**
   * Dumps and uploads the parts of a new backup of the stack as it runs on {@code host}; {@code hostPickup}: how long
   * that host's agent may take to pick it up.
   */
  public BackupParts uploadParts(DesiredState desired, String host, Duration hostPickup) {
    String id = BackupId.of(Instant.ofEpochMilli(Workflow.currentTimeMillis()), Workflow.getInfo().getRunId()).toString();
    BackupParts parts = StackActivities.onHost(StackActivities.UPLOAD_BACKUP_PARTS, host, "dump "
        + desired.stack().customer() + " on " + host + " into backup " + id, timeouts.withPickup(hostPickup))
        .uploadBackupParts(desired.onHost(host), id);
    if (parts.dumped() != null) {
      runbook.note(parts.dumped());
    }
    return parts;
  }

  /** Reads an old-school installation's dump and files on {@code host} into the parts of a new backup. */
  public BackupParts importParts(DesiredState desired, String host, ImportSource source) {
    String id = BackupId.of(Instant.ofEpochMilli(Workflow.currentTimeMillis()), Workflow.getInfo().getRunId()).toString();
    return StackActivities.onHost(StackActivities.IMPORT_BACKUP_PARTS, host, "import " + source.db() + " on " + host
        + " into backup " + id, timeouts).importBackupParts(desired, source, id);
  }

  /** The parts with the table fingerprints read while they were verified, for the manifest. */
  public BackupParts verifyParts(BackupParts parts) {
    return parts.withTables(control(StackActivities.VERIFY_BACKUP_PARTS, "verify the parts of backup "
        + parts.id()).verifyBackupParts(parts));
  }

  /** {@code kind}: why the backup was taken, as its manifest and the backup catalog say (nightly, manual, safety, final). */
  public BackupRef writeManifest(BackupParts parts, String kind) {
    return control(StackActivities.WRITE_BACKUP_MANIFEST, "write the manifest of backup " + parts.id())
        .writeBackupManifest(parts.withKind(kind));
  }

  /**
   * {@link Step#PRUNE}: deletes the backups stack.yaml's {@code backup.keep} does not keep; {@code inUse} are kept
   * whatever it says. Without {@code backup.keep} nothing is deleted and no activity runs: null.
   */
  public io.stackpilot.workflows.api.PruneResult prune(DesiredState desired, List<String> inUse) {
    String customer = desired.stack().customer();
    if (desired.stack().backup().keep() == null) {
      runbook.note("stack.yaml sets no backup.keep: every backup is kept");
      return null;
    }
    io.stackpilot.workflows.api.PruneResult pruned = control(StackActivities.PRUNE_BACKUPS, "prune the backups of "
        + customer).pruneBackups(customer, desired.stack().backup(), inUse, false);
    runbook.note(pruned.summary());
    return pruned;
  }

  /** A whole backup in one go: upload, verify, manifest. */
  public BackupRef backup(DesiredState desired, String host, Duration hostPickup, String kind) {
    BackupParts parts = uploadParts(desired, host, hostPickup);
    return writeManifest(verifyParts(parts), kind);
  }

  /** {@link Step#PREPARE_DRILL}: a copy of the stack on its own project, after what an earlier drill left. */
  public void prepareDrill(DesiredState drill) {
    String host = drill.stack().host();
    runbook.run(Step.PREPARE_DRILL, host, () -> {
      removeDrillNow(drill);
      StackActivities.onHost(StackActivities.PREPARE_HOST, host, "prepare drill " + drill.stack().project() + " on "
          + host, timeouts).prepareHost(drill);
      return null;
    });
  }

  /** {@link Step#READ_LIVE_STACK}: the running stack's tables at one position of its binary log. */
  public LivePoint readLiveStack(DesiredState desired) {
    String host = desired.stack().host();
    return runbook.run(Step.READ_LIVE_STACK, host, () -> StackActivities.onHost(StackActivities.READ_LIVE_POINT, host,
        "read the tables of " + desired.stack().customer() + " and where its binary log stands", timeouts)
        .readLivePoint(desired));
  }

  /**
   * {@link Step#AWAIT_ARCHIVE}: {@code backup}'s recovery once the archive holds the file of {@code point}, replaying up
   * to that position exactly; an archive that does not get there within {@code within} fails the step, naming it.
   */
  public BackupRef awaitArchive(DesiredState desired, BackupRef backup, LivePoint point, Duration within) {
    StackSpec stack = desired.stack();
    return runbook.run(Step.AWAIT_ARCHIVE, () -> {
      long deadline = Workflow.currentTimeMillis() + within.toMillis();
      while (true) {
        BackupRef planned = control(StackActivities.PLAN_RECOVERY, "find the archived segments of " + stack.customer()
            + " up to " + point.position()).planRecovery(stack.backup().store(), stack.customer(), backup.id(), null);
        boolean reached = planned.recovery() != null && planned.recovery().segments().stream()
            .anyMatch(segment -> segment.file().equals(point.position().file()));
        if (reached) {
          runbook.note("the archive holds " + point.position().file() + ": the copy is recovered to "
              + point.position() + ", where the live stack was read at " + point.readAt());
          return planned.withRecovery(planned.recovery().stoppingAt(point));
        }
        if (Workflow.currentTimeMillis() >= deadline) {
          throw runbook.failed("the archive of " + stack.customer() + " did not ship " + point.position().file()
              + " within " + within + ": is " + StackNames.archiveId(stack.customer()) + " running (temporal workflow "
              + "describe --workflow-id " + StackNames.archiveId(stack.customer()) + ")?",
              io.stackpilot.failures.FailureType.DRILL_MISMATCH);
        }
        Workflow.sleep(Duration.ofSeconds(5));
      }
    });
  }

  /** The drill's restore, and how it ran as its step's note, as an install's. */
  public RestoreResult restoreDrill(DesiredState drill, BackupRef backup) {
    return runbook.run(Step.RESTORE_IF_EMPTY, () -> noted(StackActivities.onHost(StackActivities.RESTORE_IF_EMPTY,
        drill.stack().host(), "restore backup " + backup.describe() + " into drill " + drill.stack().project(), timeouts)
        .restoreIfEmpty(drill, backup, true)));
  }

  public DataComparison compareWithBackup(DesiredState drill, BackupRef backup) {
    return runbook.run(Step.COMPARE_WITH_BACKUP, () -> StackActivities.onHost(StackActivities.COMPARE_WITH_BACKUP,
        drill.stack().host(), "compare drill " + drill.stack().project() + " with the fingerprints of backup "
            + backup.id(), timeouts).compareWithBackup(drill, backup));
  }

  /** {@link Step#REMOVE_DRILL}: a drill leaves nothing behind; the copy's containers and volumes hold customer data. */
  public void removeDrill(DesiredState drill) {
    runbook.run(Step.REMOVE_DRILL, drill.stack().host(), () -> {
      removeDrillNow(drill);
      return null;
    });
  }

  private void removeDrillNow(DesiredState drill) {
    String host = drill.stack().host();
    StackActivities.onHost(StackActivities.REMOVE_DRILL, host, "remove drill " + drill.stack().project() + " on " + host,
        timeouts).removeDrill(drill);
  }

  /** {@link Step#STOP_SERVICES} of the stack as it runs, before its data is replaced. */
  public void stopServices(DesiredState current) {
    String host = current.stack().host();
    runbook.run(Step.STOP_SERVICES, () -> StackActivities.onHost(StackActivities.STOP_STACK, host, "stop "
        + current.stack().customer() + " on " + host + " before its data is replaced", timeouts).stopStack(current));
  }

  /**
   * {@link Step#REPLACE_DATA}: the data of the stack as {@code current} runs it, replaced by {@code backup}'s; how it ran
   * is the step's note, as an install's.
   */
  public RestoreResult replaceData(DesiredState current, DesiredState previous, BackupRef backup) {
    return runbook.run(Step.REPLACE_DATA, () -> noted(StackActivities.onHost(StackActivities.REPLACE_DATA,
        current.stack().host(), "restore backup " + backup.describe() + " over the data of " + current.stack().customer(),
        timeouts).replaceData(previous, backup)));
  }

  /** The tables of the stack written since {@code since}, as far as the database can tell. */
  public ChangedTables tablesChangedSince(DesiredState current, Instant since) {
    return StackActivities.onHost(StackActivities.TABLES_CHANGED_SINCE, current.stack().host(), "which tables of "
        + current.stack().customer() + " changed since " + since, timeouts).tablesChangedSince(current, since.toString());
  }

  /** Every backup of the customer in its store, complete or not, newest first. */
  public static List<BackupEntry> listBackups(StackSpec stack) {
    String store = stack.backup().store();
    return StackActivities.control(StackActivities.LIST_BACKUPS, "list the backups of " + stack.customer() + " in "
        + store).listBackups(store, stack.customer());
  }
}
