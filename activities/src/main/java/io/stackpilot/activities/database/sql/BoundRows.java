package io.stackpilot.activities.database.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a table's {@code INSERT} statements as the parameters of one prepared insert, each value as its text
 * (null for {@code NULL}): the server then reads no SQL of the rows and no field of a line, only the values, which
 * pays where rows are long.
 */
public final class BoundRows extends LiteralRows {

  private final List<String[]> bound = new ArrayList<>();
  private final List<String> row = new ArrayList<>();
  private final StringBuilder value = new StringBuilder();
  private boolean nullValue;

  public BoundRows(Table table) {
    super(table);
  }

  @Override
  protected void text(CharSequence sql, int from, int to) {
    value.append(sql, from, to);
  }

  @Override
  protected void character(char c) {
    value.append(c);
  }

  @Override
  protected void nullValue() {
    nullValue = true;
  }

  @Override
  protected void endValue() {
    row.add(nullValue ? null : value.toString());
    value.setLength(0);
    nullValue = false;
  }

  @Override
  protected void endRow() {
    bound.add(row.toArray(String[]::new));
    row.clear();
  }

  /** Each row's values in order, null for {@code NULL}. */
  public List<String[]> values() {
    return bound;
  }

  /** The insert that takes one row's values as parameters into {@code database.table}. */
  public String insertStatement(String database, String table) {
    StringBuilder insert = new StringBuilder(replaceOrIgnore.equals("REPLACE") ? "REPLACE" : "INSERT")
        .append(replaceOrIgnore.equals("IGNORE") ? " IGNORE" : "").append(" INTO ").append(quote(database)).append('.')
        .append(quote(table)).append(columnList());
    int fields = bound.isEmpty() ? 0 : bound.get(0).length;
    insert.append(" VALUES (");
    for (int f = 0; f < fields; f++) {
      insert.append(f == 0 ? "?" : ", ?");
    }
    return insert.append(')').toString();
  }
}
