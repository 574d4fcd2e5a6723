package io.stackpilot.activities.database;

import java.util.List;
import java.util.Optional;

/**
 * The restore marker in the {@code stackpilot} database, one row per application database: which backup was
 * restored into it, with which digest and schema version, and whether the restore is {@code started} (interrupted
 * or failed: the data is partial) or {@code complete}. A database without a row was not restored by Stackpilot
 * (installed by hand, or before markers existed), which is fine; a database whose restore is only started must
 * never be backed up, migrated or served as if it were whole.
 */
final class RestoreMarker {

  static final String STARTED = "started";
  static final String COMPLETE = "complete";

  /** One row of the marker table. */
  record Row(String state, String backupId, String schemaVersion) {
    boolean complete() {
      return COMPLETE.equals(state);
    }
  }

  private final MariaDbShell shell;

  RestoreMarker(MariaDbShell shell) {
    this.shell = shell;
  }

  /**
   * Makes sure the marker table exists and reads the marker of {@code database}: one statement batch (every exec into
   * the container costs tens of milliseconds, and a restore runs a dozen).
   */
  Optional<Row> prepare(String database) {
    return row(shell.query("CREATE DATABASE IF NOT EXISTS stackpilot; CREATE TABLE IF NOT EXISTS stackpilot.restores ("
        + "app_database VARCHAR(64) PRIMARY KEY, backup_id VARCHAR(200) NOT NULL, sha256 CHAR(64) NOT NULL, "
        + "schema_version VARCHAR(50), state VARCHAR(10) NOT NULL, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP); "
        + "ALTER TABLE stackpilot.restores ADD COLUMN IF NOT EXISTS durable_flush VARCHAR(24); "
        + "ALTER TABLE stackpilot.restores MODIFY COLUMN durable_flush VARCHAR(24); " + select(database)));
  }

  /**
   * Keeps the server's {@code innodb_flush_log_at_trx_commit} and {@code sync_binlog} ("1 1") in the marker of
   * {@code database} while a restore runs with them relaxed — unless an interrupted restore kept them there already:
   * those are the ones from before it — and relaxes them to {@code flush} and 0; returns the kept ones. One statement
   * batch; without a marker row (written by {@link #started}) nothing is relaxed.
   */
  String relaxDurability(String database, String flush) {
    String row = "app_database = " + MariaDbShell.quote(database);
    List<String> kept = shell.query("UPDATE stackpilot.restores SET durable_flush = "
        + "CONCAT(@@global.innodb_flush_log_at_trx_commit, ' ', @@global.sync_binlog) WHERE " + row
        + " AND IFNULL(durable_flush, '') = ''; "
        + "SET @stackpilot_kept = (SELECT durable_flush FROM stackpilot.restores WHERE " + row + "); "
        + "SET GLOBAL innodb_flush_log_at_trx_commit = IF(@stackpilot_kept IS NULL, "
        + "@@global.innodb_flush_log_at_trx_commit, " + flush + "), "
        + "GLOBAL sync_binlog = IF(@stackpilot_kept IS NULL, @@global.sync_binlog, 0); "
        + "SELECT IFNULL(@stackpilot_kept, '')");
    if (kept.isEmpty() || kept.get(0).isBlank()) {
      throw new IllegalStateException("database " + database + " has no restore marker to keep the server's durability "
          + "settings in; nothing was relaxed");
    }
    return kept.get(0).strip();
  }

  /**
   * Sets {@code settings} (such as "GLOBAL innodb_flush_log_at_trx_commit = 1") and forgets the kept ones; one
   * statement batch, stopped before the marker is changed when the settings fail.
   */
  void putBackDurability(String database, String settings) {
    shell.query("SET " + settings + "; UPDATE stackpilot.restores SET durable_flush = NULL WHERE app_database = "
        + MariaDbShell.quote(database));
  }

  /** The marker of {@code database}; empty when it has none, or when the marker table does not exist. */
  Optional<Row> read(String database) {
    if (shell.query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'stackpilot' AND table_name = 'restores'")
        .isEmpty()) {
      return Optional.empty();
    }
    return row(shell.query(select(database)));
  }

  private static String select(String database) {
    return "SELECT state, backup_id, IFNULL(schema_version, '') FROM stackpilot.restores WHERE app_database = "
        + MariaDbShell.quote(database);
  }

  private static Optional<Row> row(List<String> rows) {
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    String[] columns = rows.get(0).split("\t", -1);
    String schema = columns.length > 2 && !columns[2].isEmpty() && !columns[2].equals("null") ? columns[2] : null;
    return Optional.of(new Row(columns[0], columns[1], schema));
  }

  /** The statement that marks a restore of {@code backupId} into {@code database} begun, to run with what it begins. */
  static String started(String database, String backupId, String sha256, String schemaVersion) {
    return "INSERT INTO stackpilot.restores (app_database, backup_id, sha256, schema_version, state) VALUES ("
        + MariaDbShell.quote(database) + ", " + MariaDbShell.quote(backupId) + ", " + MariaDbShell.quote(sha256) + ", "
        + (schemaVersion == null ? "NULL" : MariaDbShell.quote(schemaVersion)) + ", '" + STARTED + "') "
        + "ON DUPLICATE KEY UPDATE backup_id = VALUES(backup_id), sha256 = VALUES(sha256), "
        + "schema_version = VALUES(schema_version), state = VALUES(state), at = CURRENT_TIMESTAMP";
  }

  void complete(String database) {
    shell.query("UPDATE stackpilot.restores SET state = '" + COMPLETE + "', at = CURRENT_TIMESTAMP WHERE app_database = "
        + MariaDbShell.quote(database));
  }

  /**
   * Refuses to go on with {@code what} (a dump, a migration) when a restore into {@code database} began and did not
   * complete: its data is partial, and a backup of it would become the newest "valid" backup. Returns the marker:
   * empty when Stackpilot did not restore the database, otherwise complete.
   */
  Optional<Row> requireComplete(String database, String what) {
    Optional<Row> marker = read(database);
    marker.filter(row -> !row.complete()).ifPresent(row -> {
      throw new RestoreIncompleteException("restore of backup " + row.backupId() + " into database " + database
          + " is incomplete (it was interrupted or failed): its data is partial, so no " + what + " runs on it. "
          + "Run the install again, or retry its step \"restore if empty\", which restores it from a clean database");
    });
    return marker;
  }
}
