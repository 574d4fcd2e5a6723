package io.stackpilot.activities.database;

import com.github.luben.zstd.ZstdInputStream;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.Progress;
import io.stackpilot.activities.store.Sha256;
import io.stackpilot.activities.store.TamperedBackupException;
import io.stackpilot.workflows.activities.RestoreResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Restores a backup's {@code db.sql.zst} into an empty database. The part is read completely first and must match
 * its manifest before any of its SQL runs; then it streams from the store, digested again, decompressed and fed to
 * the mariadb client in the container. All or nothing as an operator sees it: the {@link RestoreMarker} says
 * "started" before loading and "complete" after; a restore found "started" was interrupted and is redone from a
 * clean database.
 */
public final class DatabaseRestore {

  static final String PART = "db.sql.zst";
  private static final Duration LOAD_TIMEOUT = Duration.ofHours(12);

  private final MariaDbShell shell;
  private final RestoreMarker marker;

  public DatabaseRestore(MariaDbShell shell) {
    this.shell = shell;
    this.marker = new RestoreMarker(shell);
  }

  /**
   * Restores {@code backup} into {@code database} when it is empty; says why it skipped otherwise.
   *
   * @param schema the release the stack is deployed with; a backup with a newer schema is refused before anything
   * @param replaceEarlierRestore a database Stackpilot completely restored from another backup is restored again from
   *     this one (a migration's new host, which serves nobody yet, retried with a newer final backup); otherwise
   *     it is kept. Data Stackpilot did not restore is never replaced.
   * @param restoreFiles restores the backup's other parts after the database and before the restore is marked
   *     complete, so a failure there also leaves the restore to be redone
   */
  public RestoreResult restoreIfEmpty(String database, BackupStore store, BackupManifest backup, ReleaseSchema schema,
      boolean replaceEarlierRestore, Runnable restoreFiles, Consumer<String> progress) {
    String db = MariaDbShell.identifier(database);
    marker.ensureTable();
    Optional<RestoreMarker.Row> earlier = marker.read(database);
    if (earlier.isPresent() && earlier.get().complete()
        && (earlier.get().backupId().equals(backup.backupId()) || !replaceEarlierRestore)) {
      return new RestoreResult(false, "database " + database + " was already restored from backup "
          + earlier.get().backupId(), 0);
    }
    if (earlier.isEmpty()) {
      int tables = shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
          + MariaDbShell.quote(database)).size();
      if (tables > 0) {
        return new RestoreResult(false, "database " + database + " already holds " + tables
            + " tables that Stackpilot did not restore: not restoring over data", 0);
      }
    }
    if (!schema.knows(backup.schemaVersion())) {
      throw new SchemaNewerThanReleaseException("backup " + backup.backupId() + " holds database schema version "
          + backup.schemaVersion() + " (written under release " + backup.release() + "), newer than release "
          + schema.release() + " knows (its migrations reach version " + schema.newest() + "): release "
          + schema.release() + " would run on tables it does not know. Set release " + backup.release()
          + " or later in stack.yaml, or restore a backup taken under " + schema.release() + "; nothing was restored");
    }
    BackupManifest.Part expected = backup.parts().stream().filter(p -> p.name().equals(PART)).findFirst()
        .orElseThrow(() -> new TamperedBackupException(backup.backupId(), PART, "is not in the manifest"));
    verify(store, backup, expected, progress);

    if (earlier.isPresent()) {
      recreate(database);
    } else {
      shell.query("CREATE DATABASE IF NOT EXISTS " + db);
    }
    marker.started(database, backup.backupId(), expected.sha256(), backup.schemaVersion());
    long loaded = load(database, store, backup, expected, progress);
    restoreFiles.run();
    marker.complete(database);
    String replaced = earlier.filter(RestoreMarker.Row::complete).map(row -> ", replacing backup " + row.backupId())
        .orElse("");
    return new RestoreResult(true, "restored " + PART + " of backup " + backup.backupId() + " into " + database
        + replaced, loaded);
  }

  /** Refuses a dump or a migration of a database whose restore began and did not complete. */
  public void requireComplete(String database, String what) {
    marker.requireComplete(database, what);
  }

  /** The schema version of the backup Stackpilot restored completely into {@code database}; empty when none. */
  public Optional<String> restoredSchemaVersion(String database) {
    return marker.read(database).filter(RestoreMarker.Row::complete).map(RestoreMarker.Row::schemaVersion);
  }

  /** The whole part, read before any of it runs: its size and SHA-256 must match the manifest. */
  private static void verify(BackupStore store, BackupManifest backup, BackupManifest.Part expected,
      Consumer<String> progress) {
    try (InputStream part = new Progress(store.openPart(backup.customer(), backup.backupId(), PART),
             "verify " + PART + " of " + backup.backupId(), expected.size(), progress);
         Sha256 sha = new Sha256(part)) {
      sha.transferTo(OutputStream.nullOutputStream());
      if (sha.count() != expected.size() || !sha.hex().equals(expected.sha256())) {
        throw new TamperedBackupException(backup.backupId(), PART, "does not match its manifest (" + sha.count()
            + " of " + expected.size() + " bytes, SHA-256 " + sha.hex() + "); nothing was restored");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + PART + " of backup " + backup.backupId() + " failed: " + e.getMessage(), e);
    }
  }

  private long load(String database, BackupStore store, BackupManifest backup, BackupManifest.Part expected,
      Consumer<String> progress) {
    try (InputStream part = new Progress(store.openPart(backup.customer(), backup.backupId(), PART),
             "restore " + PART + " of " + backup.backupId(), expected.size(), progress);
         Sha256 sha = new Sha256(part);
         ZstdInputStream sql = new ZstdInputStream(sha)) {
      shell.load(database, new KeptOpen(sql), LOAD_TIMEOUT);
      sha.transferTo(OutputStream.nullOutputStream());
      if (sha.count() != expected.size() || !sha.hex().equals(expected.sha256())) {
        // Verified a moment ago: the store changed the part under the restore.
        recreate(database);
        throw new TamperedBackupException(backup.backupId(), PART, "changed in the store while it was restored ("
            + sha.count() + " bytes, SHA-256 " + sha.hex() + "); the database was emptied again");
      }
      return sha.count();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + PART + " of backup " + backup.backupId() + " failed: " + e.getMessage(), e);
    }
  }

  /** The exec closes its stdin when done; the digest still needs the rest of the part after that. */
  private static final class KeptOpen extends FilterInputStream {
    KeptOpen(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // closed by the restore, once the part is digested to its end
    }
  }

  /**
   * An empty database again. The client of an earlier attempt whose agent died may still be loading its last
   * statements: its sessions on the database are ended first, so they cannot write into the restore that follows.
   */
  private void recreate(String database) {
    for (String session : shell.query("SELECT id FROM information_schema.processlist WHERE db = "
        + MariaDbShell.quote(database) + " AND id <> CONNECTION_ID()")) {
      try {
        shell.query("KILL " + Long.parseLong(session.trim()));
      } catch (DatabaseException endedMeanwhile) {
        // the session ended between the two statements: nothing left to stop
      }
    }
    String db = MariaDbShell.identifier(database);
    shell.query("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db);
  }
}
