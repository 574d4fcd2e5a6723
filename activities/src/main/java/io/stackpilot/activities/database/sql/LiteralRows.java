package io.stackpilot.activities.database.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rows of a table's {@code INSERT} statements read as values the server takes as text, without parsing SQL: as
 * tab-separated lines for {@code LOAD DATA} ({@link DelimitedRows}) or as the parameters of a prepared insert
 * ({@link BoundRows}). Only values text carries exactly are taken: strings, {@code NULL}, and numbers written as the
 * server would print them back (no sign on a zero, no leading zeros, no exponent), so a number read as text gives the
 * same value — except in an {@code ENUM}, {@code SET} or {@code YEAR} column, which takes strings only. Anything
 * else (hex and bit literals, character set introducers, {@code DEFAULT}, {@code TRUE}, statements with other heads)
 * refuses the whole batch, which then goes as written. Statements are read under the default quoting rules only.
 */
public abstract sealed class LiteralRows permits DelimitedRows, BoundRows {

  /** More digits make a literal a double, whose text the server prints differently. */
  private static final int MAX_DIGITS = 65;
  /** Types that read a number as text differently from a number literal: an index, and {@code YEAR}'s 0 apart. */
  private static final Set<String> TEXT_ONLY = Set.of("ENUM", "SET", "YEAR");
  /** Types whose values text does not carry as they are: bits, geometry, a column an INSERT does not see. */
  private static final Set<String> NOT_CARRIED = Set.of("BIT", "GEOMETRY", "POINT", "LINESTRING", "POLYGON",
      "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "INVISIBLE");

  /**
   * The columns of a table whose rows may go as text, in order, lower-cased, and those among them that take text
   * only.
   */
  public record Table(List<String> columns, Set<String> textOnly) {

    /**
     * How the rows of the table {@code createTable} defines go as text; null when they do not: a column of a type
     * text does not carry, system versioning, no column list to read, a comment, or an engine other than InnoDB named
     * last (a batch the server warns about is rolled back before it goes as written, which a table without
     * transactions cannot do).
     */
    public static Table of(String createTable) {
      List<TableDefinition.Column> defined = TableDefinition.columns(createTable);
      Tokens t = Tokens.of(createTable, Integer.MAX_VALUE);
      if (defined.isEmpty() || comment(t) || t.find(0, "VERSIONING") >= 0 || !innoDb(t)) {
        return null;
      }
      List<String> columns = new ArrayList<>();
      Set<String> textOnly = new HashSet<>();
      for (TableDefinition.Column column : defined) {
        if (NOT_CARRIED.contains(column.type())) {
          return null;
        }
        String name = column.name().toLowerCase(Locale.ROOT);
        columns.add(name);
        if (TEXT_ONLY.contains(column.type())) {
          textOnly.add(name);
        }
      }
      return new Table(List.copyOf(columns), Set.copyOf(textOnly));
    }

    /**
     * A comment in the statement: words in it are not read as the server reads them (a versioned one runs, a plain one
     * does not), so its columns and engine are not known for sure.
     */
    private static boolean comment(Tokens t) {
      for (int i = 0; i < t.size(); i++) {
        if (t.is(i, "#") || t.is(i, "/") && t.is(i + 1, "*") || t.is(i, "-") && t.is(i + 1, "-")) {
          return true;
        }
      }
      return false;
    }

    /** The last {@code ENGINE [=] name} of the statement names InnoDB. */
    private static boolean innoDb(Tokens t) {
      String engine = null;
      for (int i = t.find(0, "ENGINE"); i >= 0; i = t.find(i + 1, "ENGINE")) {
        int name = t.is(i + 1, "=") ? i + 2 : i + 1;
        Tokens.Token named = t.get(name);
        String text = named.literal() && named.text().length() >= 2
            ? named.text().substring(1, named.text().length() - 1) : named.text();
        engine = text.toUpperCase(Locale.ROOT);
      }
      return "INNODB".equals(engine);
    }
  }

  private final Table table;
  /** By position in the rows: the value may be a number. */
  private boolean[] numbers;
  private String head;
  /** "REPLACE", "IGNORE" or "": what the statements do with a row whose key is taken. */
  protected String replaceOrIgnore;
  /** The columns the statements name, in order; empty when they name none (every column of the table). */
  private List<String> columns;
  private long rows;

  protected LiteralRows(Table table) {
    this.table = table;
  }

  /** Characters of a value taken as they are: none of them a backslash, tab, newline, carriage return or NUL. */
  protected abstract void text(CharSequence sql, int from, int to);

  /** One character of a value, whatever it is. */
  protected abstract void character(char c);

  /** The value is {@code NULL}. */
  protected abstract void nullValue();

  /** A value of the row has ended. */
  protected abstract void endValue();

  /** The row has ended. */
  protected abstract void endRow();

  /** Adds the rows of {@code insert}; false when one of its values or its head cannot go as text. */
  public boolean add(String insert) {
    Tokens t = DumpPolicy.rowsHead(insert);
    int values = t.size() - 1;
    if (values < 2 || !(t.is(values, "VALUES") || t.is(values, "VALUE"))) {
      return false;
    }
    String verb = t.is(0, "REPLACE") ? "REPLACE" : t.is(0, "INSERT") ? "" : null;
    if (verb == null) {
      return false;
    }
    int i = 1;
    while (t.is(i, "LOW_PRIORITY") || t.is(i, "DELAYED") || t.is(i, "HIGH_PRIORITY") || t.is(i, "IGNORE")) {
      verb = t.is(i, "IGNORE") && verb.isEmpty() ? "IGNORE" : verb;
      i++;
    }
    // Everything between the verb and VALUES must read the same in every statement of the batch.
    String thisHead = insert.substring(t.get(i - 1).end(), t.get(values - 1).end()).strip();
    if (head == null) {
      List<String> named = new ArrayList<>();
      i += t.is(i, "INTO") ? 1 : 0;
      i += t.is(i + 1, ".") ? 3 : 1;
      if (t.is(i, "(")) {
        for (i++; i < values && t.get(i).name(); i += 2) {
          named.add(t.get(i).text());
          if (t.is(i + 1, ")")) {
            break;
          }
        }
      }
      numbers = numbersAt(named.isEmpty() ? table.columns() : named);
      if (numbers == null) {
        return false;
      }
      head = thisHead;
      replaceOrIgnore = verb;
      columns = named;
    } else if (!head.equals(thisHead) || !replaceOrIgnore.equals(verb)) {
      return false;
    }
    return values(insert, t.get(values).end());
  }

  /** Which of {@code named} may take a number; null when one of them is not a column of the table. */
  private boolean[] numbersAt(List<String> named) {
    boolean[] at = new boolean[named.size()];
    for (int i = 0; i < at.length; i++) {
      String name = named.get(i).toLowerCase(Locale.ROOT);
      if (!table.columns().contains(name)) {
        return null;
      }
      at[i] = !table.textOnly().contains(name);
    }
    return at;
  }

  private boolean values(String sql, int from) {
    int n = sql.length();
    int i = skipSpace(sql, from);
    int fields = numbers.length;
    while (true) {
      if (i >= n || sql.charAt(i) != '(') {
        return false;
      }
      int count = 0;
      i++;
      while (true) {
        i = skipSpace(sql, i);
        i = count < fields ? value(sql, i, numbers[count]) : -1;
        if (i < 0) {
          return false;
        }
        endValue();
        count++;
        i = skipSpace(sql, i);
        if (i >= n) {
          return false;
        }
        char c = sql.charAt(i++);
        if (c == ')') {
          break;
        }
        if (c != ',') {
          return false;
        }
      }
      if (count != fields) {
        return false;
      }
      endRow();
      rows++;
      i = skipSpace(sql, i);
      if (i >= n) {
        return true;
      }
      if (sql.charAt(i) != ',') {
        return false;
      }
      i = skipSpace(sql, i + 1);
    }
  }

  /**
   * Reads the value at {@code at}; returns just past it, or -1 when it is not one carried exactly (a number where
   * {@code number} is false).
   */
  private int value(String sql, int at, boolean number) {
    int n = sql.length();
    if (at >= n) {
      return -1;
    }
    char c = sql.charAt(at);
    if (c == '\'' || c == '"') {
      return string(sql, at);
    }
    if (sql.startsWith("NULL", at) || sql.startsWith("null", at)) {
      int end = at + 4;
      if (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
        return -1;
      }
      nullValue();
      return end;
    }
    return number ? number(sql, at) : -1;
  }

  /** A decimal integer or fixed-point number as the server prints it: the same text in any column it reaches. */
  private int number(String sql, int at) {
    int n = sql.length();
    int i = at;
    boolean negative = i < n && sql.charAt(i) == '-';
    i += negative ? 1 : 0;
    int digits = i;
    boolean nonZero = false;
    while (i < n && sql.charAt(i) >= '0' && sql.charAt(i) <= '9') {
      nonZero |= sql.charAt(i) != '0';
      i++;
    }
    if (i == digits || sql.charAt(digits) == '0' && i - digits > 1) {
      return -1;
    }
    if (i < n && sql.charAt(i) == '.') {
      int fraction = ++i;
      while (i < n && sql.charAt(i) >= '0' && sql.charAt(i) <= '9') {
        nonZero |= sql.charAt(i) != '0';
        i++;
      }
      if (i == fraction) {
        return -1;
      }
    }
    boolean more = i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '.');
    if (negative && !nonZero || i - at > MAX_DIGITS || more) {
      return -1;
    }
    text(sql, at, i);
    return i;
  }

  /** A quoted string, its escapes read as the server reads them. */
  private int string(String sql, int at) {
    int n = sql.length();
    char quote = sql.charAt(at);
    int i = at + 1;
    int run = i;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == quote) {
        text(sql, run, i);
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          character(quote);
          i += 2;
          run = i;
          continue;
        }
        return i + 1;
      }
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == 0) {
        text(sql, run, i);
        if (c == '\\') {
          if (i + 1 >= n) {
            return -1;
          }
          escaped(sql.charAt(i + 1));
          i += 2;
        } else {
          character(c);
          i++;
        }
        run = i;
        continue;
      }
      i++;
    }
    return -1;
  }

  /** The character a backslash escapes in a string literal. */
  private void escaped(char c) {
    switch (c) {
      case '0' -> character((char) 0);
      case 'b' -> character('\b');
      case 'n' -> character('\n');
      case 'r' -> character('\r');
      case 't' -> character('\t');
      case 'Z' -> character((char) 26);
      // In a string literal \% and \_ keep their backslash (they are for LIKE patterns).
      case '%', '_' -> {
        character('\\');
        character(c);
      }
      default -> character(c);
    }
  }

  private static int skipSpace(String sql, int i) {
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  public long rows() {
    return rows;
  }

  /** " (`a`, `b`)" for the columns the statements name; "" when they name none. */
  protected String columnList() {
    StringBuilder list = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      list.append(c == 0 ? " (" : ", ").append(quote(columns.get(c)));
    }
    return columns.isEmpty() ? "" : list.append(')').toString();
  }

  protected static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
