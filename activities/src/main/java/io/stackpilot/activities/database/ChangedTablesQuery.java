package io.stackpilot.activities.database;

import io.stackpilot.workflows.activities.ChangedTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tables of a database were written, created or rebuilt since a moment, from the times the server keeps in
 * information_schema. InnoDB keeps a table's last write in memory only: after the server restarted, writes before the
 * restart are forgotten, so the answer is then "not measurable" rather than a list that looks complete.
 */
final class ChangedTablesQuery {

  private final MariaDbShell shell;

  ChangedTablesQuery(MariaDbShell shell) {
    this.shell = shell;
  }

  ChangedTables since(String database, Instant since) {
    MariaDbShell.identifier(database);
    long serverStarted = Long.parseLong(shell.query("SELECT UNIX_TIMESTAMP() - VARIABLE_VALUE FROM "
        + "information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME'").get(0).trim());
    if (serverStarted > since.getEpochSecond()) {
      return new ChangedTables(false, List.of(), "the database server started at " + Instant.ofEpochSecond(serverStarted)
          + ", after " + since + ", and keeps no record of earlier writes");
    }
    List<String> tables = new ArrayList<>();
    for (String row : shell.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
        + MariaDbShell.quote(database) + " AND (UNIX_TIMESTAMP(UPDATE_TIME) >= " + since.getEpochSecond()
        + " OR UNIX_TIMESTAMP(CREATE_TIME) >= " + since.getEpochSecond() + ") ORDER BY TABLE_NAME")) {
      tables.add(row.trim());
    }
    return new ChangedTables(true, tables, null);
  }
}
