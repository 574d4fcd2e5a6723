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
import java.util.List;
import java.util.function.Consumer;

/**
 * Restores a backup's {@code db.sql.zst} into an empty database: streamed from the store, digested while it
 * streams, decompressed and fed to the mariadb client in the container. All or nothing as an operator sees
 * it: a marker in the {@code stackpilot} database says "started" before loading and "complete" after; a
 * restore found "started" was interrupted and is redone from a clean database; a part whose digest does not
 * match its manifest is rolled back to an empty database.
 */
public final class DatabaseRestore {

  static final String PART = "db.sql.zst";
  private static final Duration LOAD_TIMEOUT = Duration.ofHours(12);

  private final MariaDbShell shell;

  public DatabaseRestore(MariaDbShell shell) {
    this.shell = shell;
  }

  /** {@code schema}: the release the stack is deployed with; a backup with a newer schema is refused before anything. */
  public RestoreResult restoreIfEmpty(String database, BackupStore store, BackupManifest backup, ReleaseSchema schema) {
    return restoreIfEmpty(database, store, backup, schema, () -> { }, progress -> { });
  }

  /**
   * As above; {@code restoreFiles} restores the backup's other parts after the database and before the restore
   * is marked complete, so a failure there also leaves the restore to be redone.
   */
  public RestoreResult restoreIfEmpty(String database, BackupStore store, BackupManifest backup, ReleaseSchema schema,
      Runnable restoreFiles, Consumer<String> progress) {
    String db = MariaDbShell.identifier(database);
    shell.query("CREATE DATABASE IF NOT EXISTS stackpilot; CREATE TABLE IF NOT EXISTS stackpilot.restores ("
        + "app_database VARCHAR(64) PRIMARY KEY, backup_id VARCHAR(200) NOT NULL, sha256 CHAR(64) NOT NULL, "
        + "schema_version VARCHAR(50), state VARCHAR(10) NOT NULL, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
    List<String> marker = shell.query("SELECT state, backup_id FROM stackpilot.restores WHERE app_database = "
        + MariaDbShell.quote(database));
    if (!marker.isEmpty() && marker.get(0).startsWith("complete\t")) {
      return new RestoreResult(false, "database " + database + " was already restored from backup "
          + marker.get(0).substring("complete\t".length()), 0);
    }
    if (marker.isEmpty()) {
      List<String> tables = shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
          + MariaDbShell.quote(database));
      if (!tables.isEmpty()) {
        return new RestoreResult(false, "database " + database + " already holds " + tables.size()
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
    if (!marker.isEmpty()) {
      recreate(db);
    } else {
      shell.query("CREATE DATABASE IF NOT EXISTS " + db);
    }
    BackupManifest.Part expected = backup.parts().stream().filter(p -> p.name().equals(PART)).findFirst()
        .orElseThrow(() -> new TamperedBackupException(backup.backupId(), PART, "is not in the manifest"));
    shell.query("REPLACE INTO stackpilot.restores (app_database, backup_id, sha256, schema_version, state) VALUES ("
        + MariaDbShell.quote(database) + ", " + MariaDbShell.quote(backup.backupId()) + ", "
        + MariaDbShell.quote(expected.sha256()) + ", " + MariaDbShell.quote(String.valueOf(backup.schemaVersion()))
        + ", 'started')");

    long loaded;
    try (InputStream part = new Progress(store.openPart(backup.customer(), backup.backupId(), PART),
             "restore " + PART + " of " + backup.backupId(), expected.size(), progress);
         Sha256 sha = new Sha256(part);
         ZstdInputStream sql = new ZstdInputStream(sha)) {
      shell.load(database, new KeptOpen(sql), LOAD_TIMEOUT);
      sha.transferTo(OutputStream.nullOutputStream());
      loaded = sha.count();
      if (loaded != expected.size() || !sha.hex().equals(expected.sha256())) {
        recreate(db);
        throw new TamperedBackupException(backup.backupId(), PART, "does not match its manifest (" + loaded + " bytes, "
            + "SHA-256 " + sha.hex() + "); the database was emptied again");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + PART + " of backup " + backup.backupId() + " failed: " + e.getMessage(), e);
    }
    restoreFiles.run();
    shell.query("UPDATE stackpilot.restores SET state = 'complete', at = CURRENT_TIMESTAMP WHERE app_database = "
        + MariaDbShell.quote(database));
    return new RestoreResult(true, "restored " + PART + " of backup " + backup.backupId() + " into " + database, loaded);
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

  private void recreate(String db) {
    shell.query("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db);
  }
}
