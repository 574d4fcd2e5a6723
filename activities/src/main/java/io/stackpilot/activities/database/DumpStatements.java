package io.stackpilot.activities.database;

import io.stackpilot.activities.database.sql.SqlStatement;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs a dump's statements on one connection as written (no JDBC escapes); a failure names the dump's line. */
final class DumpStatements {

  private static final int DEADLOCK_ATTEMPTS = 5;

  private DumpStatements() {}

  /**
   * A batch as one transaction. Batches of one table inserted at once can deadlock in InnoDB (it rolls one of them
   * back and says to try again, error 1213; a lock wait timeout is 1205): the batch is run again, a few times.
   */
  static long inOneTransaction(Connection connection, List<SqlStatement> statements) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        long rows = executeBatch(connection, statements);
        connection.commit();
        return rows;
      } catch (SQLException e) {
        connection.rollback();
        if (attempt >= DEADLOCK_ATTEMPTS || !(deadlock(e) || deadlock(e.getCause()))) {
          throw e;
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean deadlock(Throwable e) {
    return e instanceof SQLException sql && (sql.getErrorCode() == 1213 || sql.getErrorCode() == 1205
        || "40001".equals(sql.getSQLState()));
  }

  private static long executeBatch(Connection connection, List<SqlStatement> statements) throws SQLException {
    try (Statement batch = connection.createStatement()) {
      batch.setEscapeProcessing(false);
      for (SqlStatement statement : statements) {
        batch.addBatch(statement.text());
      }
      long rows = 0;
      for (int count : batch.executeBatch()) {
        rows += Math.max(0, count);
      }
      return rows;
    } catch (BatchUpdateException e) {
      int failed = Math.min(e.getUpdateCounts() == null ? 0 : e.getUpdateCounts().length, statements.size() - 1);
      throw new SQLException("the statement at line " + statements.get(failed).line() + " of the dump failed: "
          + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
    }
  }

  static void execute(Connection connection, SqlStatement statement) {
    execute(connection, statement.text(), statement.line());
  }

  static void execute(Connection connection, String sql, long line) {
    try (Statement statement = connection.createStatement()) {
      statement.setEscapeProcessing(false);
      statement.execute(sql);
    } catch (SQLException e) {
      throw new DatabaseException((line > 0 ? "the statement at line " + line + " of the dump" : "the restore's "
          + sql.substring(0, Math.min(60, sql.length()))) + " failed: " + e.getMessage());
    }
  }
}
