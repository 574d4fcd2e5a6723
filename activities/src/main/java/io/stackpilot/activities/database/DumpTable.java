package io.stackpilot.activities.database;

import java.util.List;

/**
 * A base table as the parallel dump reads it: its columns in order, each with the way mariadb-dump writes its values,
 * and its integer primary key column when it has one (large tables are then read in key ranges).
 */
record DumpTable(String name, List<Column> columns, String integerKey, long estimatedBytes) {

  /** How mariadb-dump writes a column's values with {@code --hex-blob}. */
  enum Text {
    /** Numbers as the server sends them, unquoted. */
    NUMBER,
    /** Text in single quotes, escaped as the C client's {@code mysql_real_escape_string} does. */
    QUOTED,
    /** Binary data as {@code 0x} and upper-case hex digits; an empty value as {@code ''}. */
    HEX
  }

  /**
   * {@code temporal}: read as {@code CAST(column AS CHAR)}, the server's own text for the value, which the JDBC driver
   * would otherwise reformat (it pads fractional seconds).
   */
  record Column(String name, Text text, boolean temporal) {}

  DumpTable {
    columns = List.copyOf(columns);
  }

  String quoted() {
    return quoted(name);
  }

  /** A name in backquotes, as the server and mariadb-dump quote identifiers. */
  static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** The select list: every column in table order, temporal ones as the server's text. */
  String selectList() {
    StringBuilder list = new StringBuilder();
    for (Column column : columns) {
      if (list.length() > 0) {
        list.append(',');
      }
      list.append(column.temporal() ? "CAST(" + quoted(column.name()) + " AS CHAR)" : quoted(column.name()));
    }
    return list.toString();
  }
}
