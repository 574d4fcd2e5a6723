package io.stackpilot.activities.compose;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server options of a database whose binary log is archived: row format (a replay writes exactly the rows that
 * changed, whatever the statements computed), one server id, a log synced at every commit (a crash must not lose an
 * event whose transaction committed: that would be a hole no one sees) and kept a week, so that a shipper that was
 * down for days still finds every file it has not archived. Row format also makes it safe to trust routine creators:
 * without {@code --log-bin-trust-function-creators} only SUPER may create a trigger or routine while the log is on, and
 * the least-privilege restore account could not load a dump that has one.
 */
public final class BinlogSettings {

  /** The base name of the log files in the data directory: binlog.000001, binlog.000002, … */
  public static final String BASE_NAME = "binlog";
  public static final Duration RETENTION = Duration.ofDays(7);

  static final List<String> OPTIONS = List.of("--log-bin=" + BASE_NAME, "--binlog-format=ROW", "--server-id=1",
      "--sync-binlog=1", "--binlog-expire-logs-seconds=" + RETENTION.toSeconds(), "--log-bin-trust-function-creators=1");

  private BinlogSettings() {}

  /** The image's command with the options added: alone when the release gives none (the entrypoint passes them on). */
  static List<String> appendTo(List<String> command) {
    List<String> with = new ArrayList<>(command == null ? List.of() : command);
    with.addAll(OPTIONS);
    return List.copyOf(with);
  }
}
