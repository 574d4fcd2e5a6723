package io.stackpilot.activities.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The settings a row batch is read under, as the dump set them before it. */
record RowSession(String characterSet, String collation, String timeZone, String sqlMode) {
  String apply() {
    return "SET character_set_client = " + MariaDbShell.quote(characterSet) + ", collation_connection = "
        + MariaDbShell.quote(collation) + ", time_zone = " + MariaDbShell.quote(timeZone) + ", sql_mode = "
        + MariaDbShell.quote(sqlMode);
  }

  /** Strings are read under the default quoting rules: neither {@code ANSI_QUOTES} nor {@code NO_BACKSLASH_ESCAPES}. */
  boolean defaultQuoting() {
    return java.util.Arrays.stream(sqlMode.split(","))
        .noneMatch(m -> m.equals("ANSI_QUOTES") || m.equals("NO_BACKSLASH_ESCAPES"));
  }

  /** The settings in force on {@code connection} now; the restore engine sends rows in UTF-8 only. */
  static RowSession of(Connection connection) {
    RowSession session;
    try (Statement query = connection.createStatement();
         ResultSet row = query.executeQuery(
             "SELECT @@character_set_client, @@collation_connection, @@time_zone, @@sql_mode")) {
      row.next();
      session = new RowSession(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
    } catch (SQLException e) {
      throw new DatabaseException("reading the restore's session settings failed: " + e.getMessage());
    }
    if (!session.characterSet().startsWith("utf8")) {
      throw new DatabaseException("the dump sets character set " + session.characterSet()
          + " for its rows, which the restore engine does not send");
    }
    return session;
  }
}
