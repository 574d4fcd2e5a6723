package io.stackpilot.activities.database;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the rows of a result set as mariadb-dump writes them ({@code --hex-blob}, extended inserts): every row byte
 * for byte as mariadb-dump prints it, since the backup's table fingerprints hash each row's text, and a drill compares
 * them with a fresh mariadb-dump of the restored database. Statements end before they pass mariadb-dump's default
 * {@code net_buffer_length} as mariadb-dump's do, so the text is the same and every restore path reads it alike.
 */
final class InsertWriter {

  static final int STATEMENT_BYTES = 1_046_528;
  private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "NULL".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final byte[] prefix;
  private final List<DumpTable.Column> columns;
  private byte[] row = new byte[8192];
  private int length;
  private long statement;
  private boolean open;
  private long rows;
  private long bytes;

  InsertWriter(DumpTable table, OutputStream out) {
    this.out = out;
    this.prefix = ("INSERT INTO " + table.quoted() + " VALUES\n").getBytes(StandardCharsets.UTF_8);
    this.columns = table.columns();
  }

  /**
   * Writes every row {@code result} has left; {@code written} hears the bytes of each row as it goes out. A statement
   * ends where mariadb-dump ends one: its count of the statement (the insert's head and four, then each row and two)
   * would reach {@code net_buffer_length}.
   */
  void writeAll(ResultSet result, java.util.function.LongConsumer written) throws SQLException, IOException {
    while (result.next()) {
      format(result);
      long rowLength = 2L + length;
      long before = bytes;
      if (open && statement + rowLength < STATEMENT_BYTES) {
        statement += rowLength;
        out.write(',');
        out.write('\n');
        bytes += 2;
      } else {
        end();
        out.write(prefix);
        bytes += prefix.length;
        statement = rowLength + prefix.length + 4;
        open = true;
      }
      out.write(row, 0, length);
      bytes += length;
      rows++;
      written.accept(bytes - before);
    }
  }

  /** Ends the open statement, if any. */
  void end() throws IOException {
    if (open) {
      out.write(';');
      out.write('\n');
      bytes += 2;
      open = false;
    }
  }

  long rows() {
    return rows;
  }

  private void format(ResultSet result) throws SQLException {
    length = 0;
    put((byte) '(');
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        put((byte) ',');
      }
      switch (columns.get(i).text()) {
        case HEX -> hex(result.getBytes(i + 1));
        case NUMBER -> number(result.getString(i + 1));
        case QUOTED -> quoted(result.getString(i + 1));
      }
    }
    put((byte) ')');
  }

  private void hex(byte[] value) {
    if (value == null) {
      put(NULL);
    } else if (value.length == 0) {
      put((byte) '\'');
      put((byte) '\'');
    } else {
      room(2 + value.length * 2);
      row[length++] = '0';
      row[length++] = 'x';
      for (byte b : value) {
        row[length++] = HEX_DIGITS[(b >> 4) & 0xf];
        row[length++] = HEX_DIGITS[b & 0xf];
      }
    }
  }

  /** mariadb-dump writes "inf", "-inf" and "nan" as NULL; the server never sends them, but the rule is kept. */
  private void number(String value) {
    if (value == null) {
      put(NULL);
    } else if (value.isEmpty()) {
      put((byte) '\'');
      put((byte) '\'');
    } else if (Character.isLetter(value.charAt(0))
        || value.charAt(0) == '-' && value.length() > 1 && Character.isLetter(value.charAt(1))) {
      put(NULL);
    } else {
      ascii(value);
    }
  }

  private void quoted(String value) {
    if (value == null) {
      put(NULL);
      return;
    }
    room(value.length() * 2 + 2);
    row[length++] = '\'';
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        int end = i + 1;
        while (end < value.length() && value.charAt(end) >= 0x80) {
          end++;
        }
        put(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
        room(value.length() * 2 + 2);
        i = end - 1;
        continue;
      }
      switch (c) {
        case 0 -> escaped('0');
        case '\n' -> escaped('n');
        case '\r' -> escaped('r');
        case '\\' -> escaped('\\');
        case '\'' -> escaped('\'');
        case '"' -> escaped('"');
        case 0x1a -> escaped('Z');
        default -> row[length++] = (byte) c;
      }
    }
    row[length++] = '\'';
  }

  private void escaped(char c) {
    row[length++] = '\\';
    row[length++] = (byte) c;
  }

  private void ascii(String value) {
    room(value.length());
    for (int i = 0; i < value.length(); i++) {
      row[length++] = (byte) value.charAt(i);
    }
  }

  private void put(byte b) {
    room(1);
    row[length++] = b;
  }

  private void put(byte[] bytes) {
    room(bytes.length);
    System.arraycopy(bytes, 0, row, length, bytes.length);
    length += bytes.length;
  }

  private void room(int more) {
    if (length + more > row.length) {
      row = Arrays.copyOf(row, Math.max(row.length * 2, length + more));
    }
  }
}
