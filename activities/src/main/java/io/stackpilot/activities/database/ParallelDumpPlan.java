package io.stackpilot.activities.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which tables the parallel dump reads and how, from the server's catalog; or why it must leave the database to
 * mariadb-dump. It takes only what it writes exactly as mariadb-dump does and what the shared snapshot covers: InnoDB
 * base tables and views, columns of the types below, none generated or invisible, names without quotes or control
 * characters. Anything else (a sequence, a system-versioned or MyISAM table, a spatial or UUID column) is a refusal,
 * and the whole dump goes the proven way.
 */
final class ParallelDumpPlan {

  private static final Set<String> NUMBERS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal",
      "float", "double", "year");
  private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");
  private static final Set<String> QUOTED = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext",
      "enum", "set");
  private static final Set<String> TEMPORAL = Set.of("date", "datetime", "timestamp", "time");
  private static final Set<String> HEX = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
      "bit");

  /** The tables to read, in the catalog's order, or the refusal. */
  record Outcome(List<DumpTable> tables, String refusal) {}

  private ParallelDumpPlan() {}

  static Outcome of(Connection connection, String database) throws SQLException {
    Map<String, Long> sizes = new LinkedHashMap<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT table_name, table_type, engine, data_length "
        + "FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
      query.setString(1, database);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          String name = row.getString(1);
          String type = row.getString(2);
          String refused = refusedName(name);
          if (refused != null) {
            return refusal("table " + printable(name) + " " + refused);
          }
          if ("VIEW".equals(type)) {
            continue;
          }
          if (!"BASE TABLE".equals(type)) {
            return refusal("`" + name + "` is a " + type.toLowerCase(Locale.ROOT));
          }
          if (!"InnoDB".equalsIgnoreCase(row.getString(3))) {
            return refusal("table `" + name + "` is stored by " + row.getString(3)
                + ", outside the snapshot the sessions share");
          }
          sizes.put(name, row.getLong(4));
        }
      }
    }
    Map<String, List<DumpTable.Column>> columns = new HashMap<>();
    Map<String, String> types = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT table_name, column_name, data_type, extra "
        + "FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position")) {
      query.setString(1, database);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          String table = row.getString(1);
          if (!sizes.containsKey(table)) {
            continue;
          }
          String column = row.getString(2);
          String type = row.getString(3).toLowerCase(Locale.ROOT);
          String extra = row.getString(4) == null ? "" : row.getString(4).toUpperCase(Locale.ROOT);
          String refused = refusedName(column);
          if (refused != null) {
            return refusal("a column of `" + table + "` " + refused);
          }
          if (extra.contains("GENERATED") || extra.contains("INVISIBLE")) {
            return refusal("column `" + table + "`.`" + column + "` is " + extra.strip().toLowerCase(Locale.ROOT));
          }
          DumpTable.Text text;
          if (NUMBERS.contains(type)) {
            text = DumpTable.Text.NUMBER;
          } else if (QUOTED.contains(type) || TEMPORAL.contains(type)) {
            text = DumpTable.Text.QUOTED;
          } else if (HEX.contains(type)) {
            text = DumpTable.Text.HEX;
          } else {
            return refusal("column `" + table + "`.`" + column + "` is of type " + type);
          }
          columns.computeIfAbsent(table, t -> new ArrayList<>())
              .add(new DumpTable.Column(column, text, TEMPORAL.contains(type)));
          types.put(table + "\u0000" + column, type);
        }
      }
    }
    Map<String, List<String>> keys = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT table_name, column_name "
        + "FROM information_schema.key_column_usage WHERE table_schema = ? AND constraint_name = 'PRIMARY' "
        + "ORDER BY table_name, ordinal_position")) {
      query.setString(1, database);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          keys.computeIfAbsent(row.getString(1), t -> new ArrayList<>()).add(row.getString(2));
        }
      }
    }
    List<DumpTable> tables = new ArrayList<>();
    for (Map.Entry<String, Long> table : sizes.entrySet()) {
      List<DumpTable.Column> of = columns.get(table.getKey());
      if (of == null) {
        return refusal("table `" + table.getKey() + "` has no columns in the catalog");
      }
      List<String> key = keys.getOrDefault(table.getKey(), List.of());
      String integerKey = key.size() == 1 && INTEGERS.contains(types.get(table.getKey() + "\u0000" + key.get(0)))
          ? key.get(0) : null;
      tables.add(new DumpTable(table.getKey(), of, integerKey, table.getValue()));
    }
    return new Outcome(tables, null);
  }

  private static Outcome refusal(String why) {
    return new Outcome(List.of(), why);
  }

  /**
   * Why a name is not taken: the dump's text is assembled around mariadb-dump's comments that carry table names, so a
   * name must not be able to look like, or break out of, one.
   */
  private static String refusedName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '`' || c == '\'' || c == '"' || c == '\\' || c == '*' || c == '/') {
        return "has a quote, slash, star or control character in its name";
      }
    }
    return null;
  }

  private static String printable(String name) {
    return "`" + name.replaceAll("[\\p{Cntrl}]", "?") + "`";
  }
}
