package io.stackpilot.activities.database;

import io.stackpilot.activities.database.binlog.SegmentScan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The statements of an archived segment are held to the rules of a dump's: the same policy, the same server. */
final class ReplayPolicy {

  private ReplayPolicy() {}

  static SegmentScan scan(String database, DumpScan.Server server) {
    return new SegmentScan(database, sql -> {
      try {
        DumpScan.scan(new ByteArrayInputStream((sql + ";\n").getBytes(StandardCharsets.UTF_8)), database, server);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
