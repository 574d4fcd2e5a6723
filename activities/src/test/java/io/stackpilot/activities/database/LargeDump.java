package io.stackpilot.activities.database;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A SQL dump of about {@code size} bytes, generated as it is read: one table of 1000-byte rows inserted 500 at
 * a time. The payloads are random letters, so zstd cannot shrink the stream to nothing.
 */
final class LargeDump extends InputStream {

  private static final int ROW = 1000;
  private static final int BATCH = 500;

  private final long rows;
  private final SplittableRandom random = new SplittableRandom(11);
  private long row;
  private byte[] chunk = "CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(1000) NOT NULL) ENGINE=InnoDB;\n"
      .getBytes(StandardCharsets.US_ASCII);
  private int position;

  LargeDump(long size) {
    this.rows = rows(size);
  }

  static long rows(long size) {
    return size / (ROW + 8);
  }

  @Override
  public int read() {
    if (!fill()) {
      return -1;
    }
    return chunk[position++];
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (!fill()) {
      return -1;
    }
    int n = Math.min(length, chunk.length - position);
    System.arraycopy(chunk, position, buffer, offset, n);
    position += n;
    return n;
  }

  private boolean fill() {
    if (position < chunk.length) {
      return true;
    }
    if (row >= rows) {
      return false;
    }
    StringBuilder sql = new StringBuilder(BATCH * (ROW + 16)).append("INSERT INTO big VALUES ");
    for (int i = 0; i < BATCH && row < rows; i++, row++) {
      sql.append(i == 0 ? "" : ",").append('(').append(row).append(",'");
      for (int c = 0; c < ROW; c++) {
        sql.append((char) ('a' + random.nextInt(26)));
      }
      sql.append("')");
    }
    chunk = sql.append(";\n").toString().getBytes(StandardCharsets.US_ASCII);
    position = 0;
    return true;
  }
}
