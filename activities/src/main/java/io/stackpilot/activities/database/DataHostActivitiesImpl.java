package io.stackpilot.activities.database;

import static io.stackpilot.activities.ActivityFailures.translated;

import io.stackpilot.activities.HeartbeatTicker;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.compose.ComposeRenderer;
import io.stackpilot.activities.compose.RunningImages;
import io.stackpilot.activities.compose.SecretResolver;
import io.stackpilot.activities.compose.StackLayout;
import io.stackpilot.activities.database.sql.ForbiddenStatementException;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.files.FilesArchive;
import io.stackpilot.activities.files.UnsafeArchiveException;
import io.stackpilot.activities.store.BackupCatalog;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.StoreLocations;
import io.stackpilot.activities.store.TamperedBackupException;
import io.stackpilot.workflows.activities.BackupId;
import io.stackpilot.activities.files.FilesImport;
import io.stackpilot.activities.files.ImportPaths;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.workflows.activities.ArchiveProgress;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BinlogPosition;
import io.stackpilot.workflows.activities.LivePoint;
import io.stackpilot.activities.store.SegmentArchive;
import io.stackpilot.workflows.activities.ChangedTables;
import io.stackpilot.workflows.activities.DataComparison;
import io.stackpilot.workflows.activities.DataPlan;
import io.stackpilot.workflows.activities.ImportSource;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.MigrationResult;
import io.stackpilot.workflows.activities.RestoreResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.stackpilot.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The host agent's work on a stack's data: restore a backup into an empty stack, migrate the database, and
 * back the stack up into its store. Runs where the stack runs; large data never leaves the streams.
 */
public final class DataHostActivitiesImpl implements DataHostActivities {

  private final DockerClient docker;
  private final ContainerExec exec;
  private final ComposeApplier applier;
  private final SecretResolver secrets;
  private final RestoreThroughput restoreThroughput;
  private final StoreLocations stores;
  private final String releaseStore;
  private final Path stacksDir;
  private final int restoreLoaders;
  private final StagedBackups readAhead = new StagedBackups();

  /** @param restoreLoaders connections a restore loads rows over; 0 follows the machine ({@link RestoreParallelism}) */
  public DataHostActivitiesImpl(DockerClient docker, String dockerHost, ComposeApplier applier, SecretResolver secrets,
      StoreLocations stores, String releaseStore, Path stacksDir, int restoreLoaders) {
    this.docker = docker;
    this.exec = new ContainerExec(docker, dockerHost);
    this.applier = applier;
    this.secrets = secrets;
    this.stores = stores;
    this.releaseStore = releaseStore;
    this.stacksDir = stacksDir;
    this.restoreLoaders = restoreLoaders;
    this.restoreThroughput = new RestoreThroughput(stacksDir);
  }

  @Override
  public RestoreResult restoreIfEmpty(DesiredState stack, BackupRef backup, boolean replaceEarlierRestore) {
    // Progress is reported from the threads that move the bytes: the context is taken here, on the activity's thread.
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> {
      BackupStore store = stores.backupStore(backup.customer(), backup.store());
      BackupManifest manifest = store.manifest(backup.customer(), backup.id()).orElseThrow(() ->
          new TamperedBackupException(backup.id(), BackupManifest.FILE, "is missing from " + backup.store()));
      DatabaseTarget db = target(stack);
      Runnable files = filesRestore(stack, db, store, manifest, progress);
      DatabaseRestore.Replay replay = backup.recovery() == null || backup.recovery().segments().isEmpty()
          || manifest.binlog() == null ? null
          : server -> new BinlogReplay(db.shell(exec), exec, db.container(), new SegmentArchive(store),
              backup.customer()).replay(db.name(), manifest.backupId(), manifest.createdAt(), manifest.binlog(),
              backup.recovery(), server, progress);
      String ahead = readAheadKey(stack, db);
      try {
        long began = System.nanoTime();
        RestoreResult result = new DatabaseRestore(db.shell(exec), engine(db), new DatabaseRestore.Ahead(readAhead, ahead,
            "while the database started"))
            .restoreIfEmpty(db.name(), store, manifest, releaseSchema(stack), replaceEarlierRestore, files, replay,
                progress);
        if (result.restored()) {
          restoreThroughput.record(manifest.totalSize(), System.nanoTime() - began);
        }
        return result;
      } catch (TamperedBackupException | UnsafeArchiveException | ForbiddenStatementException e) {
        throw refused(FailureType.TAMPERED_BACKUP, e, store, manifest);
      } catch (SchemaNewerThanReleaseException e) {
        throw refused(FailureType.SCHEMA_NEWER_THAN_RELEASE, e, store, manifest);
      } finally {
        readAhead.discard(ahead, manifest.backupId());
      }
    });
  }

  @Override
  public String stageBackup(DesiredState stack, BackupRef backup, boolean replacing) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Consumer<String> heartbeat = context::heartbeat;
    return translated(() -> {
      DatabaseTarget db = target(stack);
      long askedAt = context.getInfo().getScheduledTimestamp();
      java.time.Instant created = replacing ? null : databaseCreated(db);
      if (created != null && created.toEpochMilli() < askedAt) {
        return "not read ahead: " + db.container() + " was there before this run reached " + stack.stack().host()
            + ", so its database may hold data; the restore reads the store if it needs to";
      }
      BackupStore store = stores.backupStore(backup.customer(), backup.store());
      BackupManifest manifest = store.manifest(backup.customer(), backup.id()).orElseThrow(() ->
          new TamperedBackupException(backup.id(), BackupManifest.FILE, "is missing from " + backup.store()));
      Optional<StagedBackups.Ticket> ticket = readAhead.begin(readAheadKey(stack, db), manifest.backupId(),
          DatabaseRestore.dumpPart(manifest).sha256(), askedAt);
      if (ticket.isEmpty()) {
        return "not read ahead: the restore of backup " + manifest.backupId() + " began first";
      }
      StagedPart part = StagedPart.create(manifest.backupId());
      try {
        StagedBackups.Staged staged = DatabaseRestore.readAhead(store, manifest, db.name(), part, message -> {
          ticket.get().moved();
          heartbeat.accept(message);
        });
        ticket.get().done(staged);
        return String.format(java.util.Locale.ROOT, "read %s of backup %s ahead in %.1f s: it matches its manifest%s",
            DatabaseRestore.PART, manifest.backupId(), staged.nanos() / 1e9, staged.verdict() != null
                ? " and every statement is one a dump may hold (as a server of MariaDB's defaults reads it)"
                : "; its statements are checked again by the restore");
      } catch (RuntimeException e) {
        part.close();
        ticket.get().failed(e);
        return "read ahead of backup " + manifest.backupId() + " stopped (" + e.getMessage() + "): the restore reads "
            + "the store itself";
      }
    });
  }

  /** The database a read ahead is for, among the host's stacks. */
  private static String readAheadKey(DesiredState stack, DatabaseTarget db) {
    return stack.stack().project() + "/" + db.name();
  }

  /** When the stack's database container was created; null when there is none. */
  private java.time.Instant databaseCreated(DatabaseTarget db) {
    try {
      return java.time.Instant.parse(docker.inspectContainerCmd(db.container()).exec().getCreated());
    } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
      return null;
    }
  }

  @Override
  public RestoreResult replaceData(DesiredState stack, BackupRef backup) {
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> {
      BackupStore store = stores.backupStore(backup.customer(), backup.store());
      BackupManifest manifest = store.manifest(backup.customer(), backup.id()).orElseThrow(() ->
          new TamperedBackupException(backup.id(), BackupManifest.FILE, "is missing from " + backup.store()));
      DatabaseTarget db = target(stack);
      String ahead = readAheadKey(stack, db);
      try {
        RestoreResult replaced = new DatabaseRestore(db.shell(exec), engine(db), new DatabaseRestore.Ahead(readAhead,
            ahead, "while the services stopped")).replace(db.name(), store, manifest, releaseSchema(stack),
            filesRestore(stack, db, store, manifest, progress), progress);
        ServerLog serverLog = new ServerLog(db.shell(exec), exec, db.container());
        if (serverLog.enabled()) {
          // The data went back in time: the archived log no longer continues it, and the next chain needs a backup.
          serverLog.newLineage();
        }
        return replaced;
      } catch (TamperedBackupException e) {
        throw e.withHint(previous(store, manifest));
      } finally {
        readAhead.discard(ahead, manifest.backupId());
      }
    });
  }

  @Override
  public DataComparison compareWithBackup(DesiredState stack, BackupRef backup) {
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> {
      BackupManifest manifest = stores.backupStore(backup.customer(), backup.store()).manifest(backup.customer(), backup.id()).orElseThrow(() ->
          new TamperedBackupException(backup.id(), BackupManifest.FILE, "is missing from " + backup.store()));
      if (manifest.tables() == null) {
        return new DataComparison(false, 0, List.of());
      }
      DatabaseTarget db = target(stack);
      if (backup.recovery() != null && backup.recovery().tablesAtStop() != null) {
        // Recovered to where the live stack was read: every table is compared with the live one.
        return FingerprintComparison.of(backup.recovery().tablesAtStop(), db.dump(exec).fingerprints(db.name(), progress));
      }
      java.util.Set<String> replayed = new java.util.TreeSet<>();
      if (backup.recovery() != null) {
        backup.recovery().segments().forEach(segment -> segment.tables().stream()
            .filter(t -> t.startsWith(db.name() + ".")).forEach(t -> replayed.add(t.substring(db.name().length() + 1))));
      }
      return FingerprintComparison.of(manifest.tables(), db.dump(exec).fingerprints(db.name(), progress), replayed);
    });
  }

  @Override
  public ChangedTables tablesChangedSince(DesiredState stack, String since) {
    return translated(() -> {
      DatabaseTarget db = target(stack);
      return new ChangedTablesQuery(db.shell(exec)).since(db.name(), java.time.Instant.parse(since));
    });
  }

  @Override
  public MigrationResult migrateDatabase(DesiredState stack) {
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> {
      DatabaseTarget db = target(stack);
      String database = db.name();
      DatabaseRestore restores = new DatabaseRestore(db.shell(exec));
      String restoredSchema = restores.requireComplete(database, "migration").orElse(null);
      String url = jdbcUrl(db);
      try (HeartbeatTicker running = new HeartbeatTicker("migrate " + database + " to release " + stack.stack().release(),
          progress)) {
        return new DatabaseMigrations().migrate(url, db.password(), database, stack.stack().release(),
            migrations(stack), restoredSchema);
      }
    });
  }

  @Override
  public BackupParts uploadBackupParts(DesiredState stack, String backupId) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Consumer<String> progress = context::heartbeat;
    return translated(() -> {
      // A retry writes a backup of its own: the parts an earlier attempt left behind stay without a manifest.
      // (Temporal counts attempts from 1; a test environment reports 0.)
      String id = BackupId.parse(backupId).attempt(Math.max(1, context.getInfo().getAttempt())).toString();
      String customer = stack.stack().customer();
      DatabaseTarget db = target(stack);
      String database = db.name();
      new DatabaseRestore(db.shell(exec)).requireComplete(database, "backup");
      BackupStore store = stores.backupStore(stack.stack().customer(), stack.stack().backup().store());
      // What runs here, as the last apply recorded it: stack.yaml may already name another release (a final
      // backup before an out-of-place update).
      Map<String, String> running = db.layout().readEnv();
      List<BackupParts.Part> parts = new ArrayList<>();
      progress.accept("dump " + database + " into backup " + id);
      ServerLog serverLog = new ServerLog(db.shell(exec), exec, db.container());
      boolean archived = stack.stack().backup().binlog() != null && serverLog.enabled();
      DumpPosition[] position = {null};
      DatabaseDump dump = db.dump(exec, DatabaseDump.Sessions.forAttempt(context.getInfo().getAttempt(),
          () -> dumpSessions(db)));
      parts.add(part(dump.dump(database, store, customer, id, progress, archived ? tap -> position[0] = tap : null)));
      BinlogPosition binlog = null;
      if (archived) {
        DumpPosition.Found found = position[0].found().orElseThrow(() -> new DatabaseException("the dump of "
            + database + " does not say where it stands in the binary log (no CHANGE MASTER comment in its header)"));
        binlog = new BinlogPosition(serverLog.lineage(), found.file(), found.position());
      }
      if (stack.release().files() != null) {
        parts.add(part(new FilesArchive(docker, db.image()).backup(volume(stack, db), stack.stack().backup().exclude(),
            store, customer, id, progress)));
      }
      return new BackupParts(stack.stack().backup().store(), customer, id, running.get(StackLayout.RELEASE),
          schemaVersion(db), running.get(StackLayout.COMMIT), stack.stack().host(), parts,
          new RunningImages(docker).of(stack.stack().project())).withBinlog(binlog).withDumped(dump.described());
    });
  }

  @Override
  public ArchiveProgress shipBinlog(DesiredState stack, String runFor) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Consumer<String> progress = context::heartbeat;
    return translated(() -> {
      if (stack.stack().backup().binlog() == null) {
        throw new InvalidConfigurationException("stack.yaml of " + stack.stack().customer() + " does not ask for "
            + "backup.binlog: nothing to archive");
      }
      DatabaseTarget db = target(stack);
      BackupStore store = stores.backupStore(stack.stack().customer(), stack.stack().backup().store());
      try {
        return new BinlogShipper(new ServerLog(db.shell(exec), exec, db.container()), store, stack.stack().customer(),
            stack.stack().host(), stack.stack().backup().binlog().interval(), progress, java.time.Clock.systemUTC())
            .run(java.time.Duration.parse(runFor));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatabaseException("archiving the binary log of " + stack.stack().customer() + " was interrupted");
      }
    });
  }

  @Override
  public LivePoint readLivePoint(DesiredState stack) {
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> {
      DatabaseTarget db = target(stack);
      ServerLog serverLog = new ServerLog(db.shell(exec), exec, db.container());
      if (!serverLog.enabled()) {
        throw new DatabaseException("the database of " + stack.stack().customer() + " does not write its binary log: "
            + "there is no position to read the live stack at");
      }
      DumpPosition[] position = {null};
      java.util.SortedMap<String, io.stackpilot.workflows.activities.TableFingerprint> tables = db.dump(exec)
          .fingerprints(db.name(), progress, tap -> position[0] = tap);
      DumpPosition.Found found = position[0].found().orElseThrow(() -> new DatabaseException("the dump of "
          + db.name() + " does not say where it stands in the binary log"));
      String readAt = java.time.Instant.now().toString();
      // The file holding the position is closed now, so that the archive ships it at its next look.
      serverLog.flush();
      return new LivePoint(new BinlogPosition(serverLog.lineage(), found.file(), found.position()), readAt, tables);
    });
  }

  @Override
  public DataPlan planData(DesiredState stack, String restoring) {
    return translated(() -> {
      java.util.Set<String> files = migrations(stack).keySet();
      DatabaseTarget db = target(stack);
      String at;
      if (databaseRunning(db)) {
        at = schemaVersion(db);
      } else {
        at = restoring == null ? ReleaseSchema.of(stack.stack().release(), files).newest() : restoring;
      }
      return new DataPlan(at, ReleaseSchema.pendingAbove(files, "none".equals(at) ? null : at),
          restoreThroughput.bytesPerSecond().orElse(null));
    });
  }

  private boolean databaseRunning(DatabaseTarget db) {
    try {
      Boolean running = docker.inspectContainerCmd(db.container()).exec().getState().getRunning();
      return Boolean.TRUE.equals(running);
    } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
      return false;
    }
  }

  @Override
  public BackupParts importBackupParts(DesiredState stack, ImportSource source, String backupId) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Consumer<String> progress = context::heartbeat;
    return translated(() -> {
      String id = BackupId.parse(backupId).attempt(Math.max(1, context.getInfo().getAttempt())).toString();
      String customer = stack.stack().customer();
      ReleaseSchema schema = releaseSchema(stack);
      if (!schema.hasVersion(source.schemaVersion())) {
        throw new InvalidConfigurationException("schemaVersion: release " + stack.stack().release() + " has no migration "
            + "to version " + source.schemaVersion() + " (its versions: " + schema.versions() + ")");
      }
      DumpImport dump = new DumpImport(ImportPaths.resolve(secrets.rules(), "db", source.db()));
      FilesImport files = new FilesImport(source.files() == null ? null
          : ImportPaths.resolve(secrets.rules(), "files", source.files()));
      dump.check(target(stack).name(), progress);
      files.check();
      BackupStore store = stores.backupStore(stack.stack().customer(), stack.stack().backup().store());
      List<BackupParts.Part> parts = new ArrayList<>();
      parts.add(part(dump.write(store, customer, id, progress)));
      if (stack.release().files() != null) {
        parts.add(part(files.write(stack.stack().backup().exclude(), store, customer, id, progress)));
      }
      return new BackupParts(stack.stack().backup().store(), customer, id, stack.stack().release(), source.schemaVersion(),
          stack.commit(), null, parts, Map.of());
    });
  }

  /** Copies the backup's files part into the files volume, when the release has one and the backup holds it. */
  private Runnable filesRestore(DesiredState stack, DatabaseTarget db, BackupStore store, BackupManifest manifest,
      Consumer<String> progress) {
    return () -> {
      if (stack.release().files() != null && manifest.parts().stream().anyMatch(p -> p.name().equals(FilesArchive.PART))) {
        new FilesArchive(docker, db.image()).restore(volume(stack, db), store, manifest, stack.release().files().owner(),
            progress);
      }
    };
  }

  /** The database's port published on the host's loopback: where Flyway and the restore engine connect. */
  private String jdbcUrl(DatabaseTarget db) {
    return "jdbc:mariadb://127.0.0.1:" + applier.publishedPort(db.layout(), db.service(), ComposeRenderer.DATABASE_PORT)
        + "/" + db.name();
  }

  /** As many sessions as the database has cores; none when its port is not published (the dump is mariadb-dump's). */
  private DatabaseDump.Sessions dumpSessions(DatabaseTarget db) {
    try {
      return new DatabaseDump.Sessions(jdbcUrl(db), RestoreParallelism.of(docker, db.container()));
    } catch (RuntimeException unpublished) {
      return DatabaseDump.Sessions.refused("no sessions: " + unpublished.getMessage());
    }
  }

  private DatabaseRestore.Engine engine(DatabaseTarget db) {
    int loaders = restoreLoaders > 0 ? restoreLoaders : RestoreParallelism.of(docker, db.container());
    return new DatabaseRestore.Engine(jdbcUrl(db), loaders);
  }

  /** A backup that cannot be restored stays in the write-once store: name the one before it. */
  private static String previous(BackupStore store, BackupManifest unusable) {
    return BackupCatalog.offering(BackupCatalog.previous(store.completeBackups(unusable.customer()), unusable),
        unusable.customer());
  }

  /**
   * The refusal of {@code unusable} as {@code type}, naming the previous complete backup and carrying its id, which the
   * install offers the operator to retry with.
   */
  private static ApplicationFailure refused(FailureType type, RuntimeException refusal, BackupStore store,
      BackupManifest unusable) {
    Optional<BackupManifest> previous = BackupCatalog.previous(store.completeBackups(unusable.customer()), unusable);
    String message = refusal.getMessage() + BackupCatalog.offering(previous, unusable.customer());
    return previous.map(m -> type.refusingBackup(message, m.backupId())).orElseGet(() -> type.failure(message));
  }

  /** The newest applied Flyway version; a database restored but never migrated keeps its backup's version. */
  private String schemaVersion(DatabaseTarget db) {
    String database = db.name();
    MariaDbShell shell = db.shell(exec);
    if (!shell.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'flyway_schema_history' AND "
        + "table_schema = " + MariaDbShell.quote(database)).isEmpty()) {
      List<String> rows = shell.query("SELECT version FROM " + MariaDbShell.identifier(database) + ".flyway_schema_history "
          + "WHERE success = 1 AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
      if (!rows.isEmpty()) {
        return rows.get(0);
      }
    }
    return new DatabaseRestore(shell).restoredSchemaVersion(database).orElse(null);
  }

  private java.util.SortedMap<String, String> migrations(DesiredState stack) {
    return stores.releaseStore(releaseStore).migrations(stack.stack().release());
  }

  private ReleaseSchema releaseSchema(DesiredState stack) {
    return ReleaseSchema.of(stack.stack().release(), migrations(stack).keySet());
  }




  private DatabaseTarget target(DesiredState stack) {
    return new DatabaseTarget(stack, stacksDir, secrets);
  }

  private static String volume(DesiredState stack, DatabaseTarget db) {
    return db.layout().volumeName(stack.release().files().volume());
  }


  private static BackupParts.Part part(BackupManifest.Part p) {
    return new BackupParts.Part(p.name(), p.sha256(), p.size());
  }
}
