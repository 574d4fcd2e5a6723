package io.stackpilot.activities.database.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code CREATE TABLE} split so rows load before the secondary indexes and foreign keys: building an index once
 * over all rows is far cheaper than keeping it up to date row by row, and a foreign key can only be added when the
 * table it references is loaded too. Kept in the table: the primary key, full-text and spatial indexes, checks, a
 * key on the auto-increment column (the table needs it), and unique keys of a table without a primary key (one of
 * them clusters its rows).
 *
 * @param create the statement without what is deferred
 * @param addIndexes {@code ALTER TABLE … ADD …} of the deferred indexes, or null when none
 * @param addForeignKeys {@code ALTER TABLE … ADD …} of the foreign keys, or null when none
 */
public record TableDefinition(String create, String addIndexes, String addForeignKeys) {

  /** {@code sql} as written when it has no column list to split ({@code CREATE TABLE … LIKE}, {@code … AS SELECT}). */
  public static TableDefinition split(String sql, String table) {
    return split(sql, table, false);
  }

  /**
   * {@code keepPlainKeys}: the non-unique secondary indexes stay in the table — for a table whose rows go in one
   * transaction into the empty table, where the server builds them by sorting at commit, as it would in the
   * {@code ALTER TABLE}, without a second data definition statement. Unique keys are still added after the rows, so a
   * duplicate fails the restore there whatever the session's unique checks.
   */
  public static TableDefinition split(String sql, String table, boolean keepPlainKeys) {
    int open = bodyStart(sql);
    if (open < 0) {
      return new TableDefinition(sql, null, null);
    }
    int close = matching(sql, open);
    if (close < 0) {
      return new TableDefinition(sql, null, null);
    }
    List<String> elements = elements(sql.substring(open + 1, close));
    boolean primary = false;
    Set<String> autoIncrement = new HashSet<>();
    for (String element : elements) {
      Tokens t = Tokens.of(element, 60);
      if (t.is(0, "PRIMARY") || (t.is(0, "CONSTRAINT") && (t.is(1, "PRIMARY") || t.is(2, "PRIMARY")))) {
        primary = true;
      } else if (column(t)) {
        if (t.find(1, "AUTO_INCREMENT") >= 0) {
          autoIncrement.add(t.get(0).text());
        }
        if (t.find(1, "PRIMARY") >= 0) {
          primary = true;
        }
      }
    }
    List<String> kept = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    List<String> foreignKeys = new ArrayList<>();
    for (String element : elements) {
      Tokens t = Tokens.of(element, 60);
      int head = t.is(0, "CONSTRAINT") ? (t.get(1).quoted() || !isKeyword(t.get(1)) ? 2 : 1) : 0;
      if (t.is(head, "FOREIGN")) {
        foreignKeys.add(element);
      } else if ((t.is(0, "KEY") || t.is(0, "INDEX")) && !keepPlainKeys && !onAutoIncrement(t, autoIncrement)) {
        indexes.add(element);
      } else if (t.is(head, "UNIQUE") && primary && !onAutoIncrement(t, autoIncrement)) {
        indexes.add(element);
      } else {
        kept.add(element);
      }
    }
    if (indexes.isEmpty() && foreignKeys.isEmpty()) {
      return new TableDefinition(sql, null, null);
    }
    String create = sql.substring(0, open + 1) + "\n  " + String.join(",\n  ", kept) + "\n" + sql.substring(close);
    String alter = "ALTER TABLE " + quote(table) + " ";
    return new TableDefinition(create,
        indexes.isEmpty() ? null : alter + "ADD " + String.join(", ADD ", indexes),
        foreignKeys.isEmpty() ? null : alter + "ADD " + String.join(", ADD ", foreignKeys));
  }

  /** A column of a {@code CREATE TABLE}: its name and the first word of its type, upper-cased. */
  public record Column(String name, String type) {}

  /**
   * The columns {@code sql} defines, in order, with their types (one token more than that for a column that
   * {@code INVISIBLE} hides, as {@code INVISIBLE}); empty when it has no column list.
   */
  public static List<Column> columns(String sql) {
    int open = bodyStart(sql);
    int close = open < 0 ? -1 : matching(sql, open);
    List<Column> columns = new ArrayList<>();
    if (close < 0) {
      return columns;
    }
    for (String element : elements(sql.substring(open + 1, close))) {
      Tokens t = Tokens.of(element, Integer.MAX_VALUE);
      if (t.size() > 1 && column(t)) {
        columns.add(new Column(t.get(0).text(), t.find(1, "INVISIBLE") > 0 ? "INVISIBLE" : t.get(1).word()));
      }
    }
    return columns;
  }

  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static boolean column(Tokens t) {
    if (t.get(0).quoted()) {
      return true;
    }
    return !Set.of("PRIMARY", "UNIQUE", "KEY", "INDEX", "FULLTEXT", "SPATIAL", "CONSTRAINT", "FOREIGN", "CHECK",
        "PERIOD").contains(t.get(0).word());
  }

  private static boolean isKeyword(Tokens.Token token) {
    return Set.of("PRIMARY", "UNIQUE", "FOREIGN", "CHECK").contains(token.word());
  }

  /** A key whose first column is the auto-increment column: without it the table cannot be created. */
  private static boolean onAutoIncrement(Tokens t, Set<String> autoIncrement) {
    int open = t.find(0, "(");
    return open >= 0 && autoIncrement.contains(t.get(open + 1).text());
  }

  /** The parenthesis that opens the column list, right after the table's name; -1 when there is none. */
  private static int bodyStart(String sql) {
    int i = skipToTopLevel(sql, 0, '(');
    if (i < 0) {
      return -1;
    }
    Tokens before = Tokens.of(sql.substring(0, i), 30);
    if (before.find(0, "LIKE", "AS", "SELECT") >= 0) {
      return -1;
    }
    return i;
  }

  private static int matching(String sql, int open) {
    int depth = 0;
    for (int i = open; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = endOfQuote(sql, i);
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> elements(String body) {
    List<String> elements = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = endOfQuote(body, i);
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        elements.add(body.substring(start, i).strip());
        start = i + 1;
      }
    }
    elements.add(body.substring(start).strip());
    return elements;
  }

  private static int skipToTopLevel(String sql, int from, char wanted) {
    for (int i = from; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = endOfQuote(sql, i);
      } else if (c == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the quote that closes the one at {@code open}. */
  private static int endOfQuote(String sql, int open) {
    char quote = sql.charAt(open);
    for (int i = open + 1; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`') {
        i++;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i++;
        } else {
          return i;
        }
      }
    }
    return sql.length();
  }
}
