package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.activities.database.binlog.BinlogFormatException;
import io.stackpilot.activities.database.binlog.SegmentRefusedException;
import io.stackpilot.activities.database.binlog.SegmentScan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An archived segment is read whole before a replay: rows of the application database pass; rows of another database,
 * statements the dump policy refuses, names that would break out of mariadb-binlog's text, and damaged files do not.
 * The fixtures are binary logs MariaDB 10.11 wrote (table demo.calls; other.x; CREATE USER and GRANT).
 */
class SegmentScanTest {

  private static final DumpScan.Server SERVER = new DumpScan.Server(101118,
      "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION", 16 << 20);

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = SegmentScanTest.class.getResourceAsStream("/binlog/" + name)) {
      return in.readAllBytes();
    }
  }

  private static SegmentScan.Summary scan(byte[] segment) throws IOException {
    return ReplayPolicy.scan("demo", SERVER).scan(new ByteArrayInputStream(segment));
  }

  @Test
  void rowsAndDdlOfTheApplicationDatabasePass() throws IOException {
    byte[] segment = fixture("application-rows.binlog");
    SegmentScan.Summary summary = scan(segment);
    assertThat(summary.endPosition()).isEqualTo(segment.length);
    // CREATE TABLE, the insert, the update, the delete, ALTER TABLE
    assertThat(summary.transactions()).isEqualTo(5);
    assertThat(summary.firstEventAt()).isNotNull();
    assertThat(summary.lastEventAt()).isAfterOrEqualTo(summary.firstEventAt());
    assertThat(summary.serverVersion()).startsWith("10.11");
  }

  @Test
  void rowsOfAnotherDatabaseAreRefused() {
    assertThatThrownBy(() -> scan(fixture("other-database-rows.binlog")))
        .isInstanceOf(SegmentRefusedException.class)
        .hasMessageContaining("writes rows of table 'other.x', outside the application database demo");
  }

  @Test
  void accountStatementsAreRefused() {
    assertThatThrownBy(() -> scan(fixture("account-statements.binlog")))
        .isInstanceOf(SegmentRefusedException.class)
        .hasMessageContaining("holds a statement the dump policy refuses");
  }

  @Test
  void aTableNameThatWouldBreakOutOfTheReplayTextIsRefused() throws IOException {
    byte[] segment = fixture("application-rows.binlog");
    byte[] map = "\u0004demo\u0000\u0005calls".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(segment, map);
    assertThat(at).isPositive();
    segment[at + map.length - 2] = '\n';
    assertThatThrownBy(() -> scan(segment)).isInstanceOf(SegmentRefusedException.class)
        .hasMessageContaining("whose name is not plain");
  }

  @Test
  void aSegmentCutShortIsRefused() throws IOException {
    byte[] segment = fixture("application-rows.binlog");
    assertThatThrownBy(() -> scan(Arrays.copyOf(segment, segment.length - 7)))
        .isInstanceOf(BinlogFormatException.class).hasMessageContaining("ends inside");
    assertThatThrownBy(() -> scan("not a binary log".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(BinlogFormatException.class);
  }

  private static int indexOf(byte[] data, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= data.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
