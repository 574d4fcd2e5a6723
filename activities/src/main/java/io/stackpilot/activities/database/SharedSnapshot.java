package io.stackpilot.activities.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Sessions that all read the database as it was at one moment: each starts its consistent-snapshot transaction while
 * a control session holds {@code BACKUP STAGE BLOCK_COMMIT}, so no commit lands between the first snapshot and the
 * last. Commits wait for a few milliseconds only: the sessions connect before the lock is taken. The sessions read as
 * mariadb-dump's does: UTF-8, time zone +00:00, repeatable read.
 */
final class SharedSnapshot implements AutoCloseable {

  /** How long the control session waits for the backup lock (running DDL holds it off) before the dump gives up. */
  private static final int LOCK_WAIT_SECONDS = 30;
  /** A session may wait its turn to write while its unread rows sit in the socket: the server must not give up. */
  private static final int NET_WRITE_TIMEOUT_SECONDS = 12 * 3600;

  private final List<Connection> sessions;
  private final DumpPosition.Found position;
  private final long commitsHeldNanos;

  private SharedSnapshot(List<Connection> sessions, DumpPosition.Found position, long commitsHeldNanos) {
    this.sessions = sessions;
    this.position = position;
    this.commitsHeldNanos = commitsHeldNanos;
  }

  /** {@code position}: whether to read where the snapshot stands in the binary log. */
  static SharedSnapshot open(String url, Properties credentials, int count, boolean position) throws SQLException {
    List<Connection> sessions = new ArrayList<>();
    try (Connection control = DriverManager.getConnection(url, credentials)) {
      for (int i = 0; i < count; i++) {
        Connection session = DriverManager.getConnection(url, credentials);
        sessions.add(session);
        try (Statement setup = session.createStatement()) {
          setup.execute("SET NAMES utf8mb4");
          setup.execute("SET SESSION time_zone = '+00:00', SESSION net_write_timeout = " + NET_WRITE_TIMEOUT_SECONDS
              + ", SESSION sql_mode = ''");
          setup.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        }
        session.setAutoCommit(false);
      }
      DumpPosition.Found at = null;
      long held;
      try (Statement lock = control.createStatement()) {
        lock.execute("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS);
        lock.execute("BACKUP STAGE START");
        lock.execute("BACKUP STAGE BLOCK_COMMIT");
        held = System.nanoTime();
        try {
          for (Connection session : sessions) {
            try (Statement begin = session.createStatement()) {
              begin.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            }
          }
          if (position) {
            at = position(sessions.get(0));
          }
        } finally {
          lock.execute("BACKUP STAGE END");
          held = System.nanoTime() - held;
        }
      }
      return new SharedSnapshot(List.copyOf(sessions), at, held);
    } catch (SQLException | RuntimeException e) {
      for (Connection session : sessions) {
        try {
          session.close();
        } catch (SQLException ignored) {
          // the first failure is the one to report
        }
      }
      throw e;
    }
  }

  /** The binary log position the snapshot sees, as mariadb-dump reads it for {@code --master-data}. */
  private static DumpPosition.Found position(Connection session) throws SQLException {
    String file = null;
    long at = -1;
    try (Statement status = session.createStatement();
         ResultSet row = status.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
      while (row.next()) {
        if ("Binlog_snapshot_file".equalsIgnoreCase(row.getString(1))) {
          file = row.getString(2);
        } else if ("Binlog_snapshot_position".equalsIgnoreCase(row.getString(1))) {
          at = Long.parseLong(row.getString(2));
        }
      }
    }
    if (file == null || file.isEmpty() || at < 0) {
      throw new DatabaseException("the server does not say where the dump's snapshot stands in the binary log");
    }
    return new DumpPosition.Found(file, at);
  }

  /** The GTID position at the snapshot's place in the binary log, as mariadb-dump reads it; empty when there is none. */
  String gtidPosition() throws SQLException {
    try (java.sql.PreparedStatement query = sessions.get(0).prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
      query.setString(1, position.file());
      query.setLong(2, position.position());
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1) == null ? "" : row.getString(1);
      }
    }
  }

  List<Connection> sessions() {
    return sessions;
  }

  /** Where the snapshot stands in the binary log; null unless asked for. */
  DumpPosition.Found position() {
    return position;
  }

  /** How long commits waited while the sessions began, in milliseconds. */
  double commitsHeldMillis() {
    return commitsHeldNanos / 1e6;
  }

  /** Ends every session at once, also one in the middle of reading rows: the dump failed or was stopped. */
  void abort() {
    for (Connection session : sessions) {
      try {
        session.abort(Runnable::run);
      } catch (SQLException ignored) {
        // the session is gone either way
      }
    }
  }

  @Override
  public void close() {
    for (Connection session : sessions) {
      try {
        session.close();
      } catch (SQLException ignored) {
        // closing ends the snapshot whether or not the server answers
      }
    }
  }
}
