package io.stackpilot.activities.database;

import io.stackpilot.activities.database.binlog.BinlogFormatException;
import io.stackpilot.activities.database.binlog.SegmentRefusedException;
import io.stackpilot.activities.HeartbeatTicker;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.MissingPartException;
import io.stackpilot.activities.store.Sha256;
import io.stackpilot.activities.store.SegmentArchive;
import io.stackpilot.workflows.activities.BinlogPosition;
import io.stackpilot.workflows.activities.Recovery;
import io.stackpilot.workflows.activities.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the archived segments of a recovery onto a database restored from the backup they continue, as the restore
 * account, inside the restore (its marker says "complete" only after the replay). Each segment is read whole from the
 * store first and kept on this host: its size and SHA-256 must match its manifest and every event must pass
 * {@link io.stackpilot.activities.database.binlog.SegmentScan}; then mariadb-binlog in the database container turns the
 * kept bytes into the statements the client runs. A segment that fails its checks is not replayed, nor anything after
 * it: the recovery ends at the last good one and says so. {@code until} stops inside a segment, at the log's
 * one-second resolution: every transaction stamped at or before the second of {@code until} is replayed.
 */
final class BinlogReplay {

  /** Where a replay ended: the time the database now holds, and what happened on the way. */
  record Outcome(String recoveredTo, String note) {}

  private static final Logger log = LoggerFactory.getLogger(BinlogReplay.class);
  private static final Duration SEGMENT_TIMEOUT = Duration.ofHours(2);
  private static final DateTimeFormatter STOP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final MariaDbShell shell;
  private final ContainerExec exec;
  private final String container;
  private final SegmentArchive archive;
  private final String customer;

  BinlogReplay(MariaDbShell shell, ContainerExec exec, String container, SegmentArchive archive, String customer) {
    this.shell = shell;
    this.exec = exec;
    this.container = container;
    this.archive = archive;
    this.customer = customer;
  }

  Outcome replay(String database, String backupId, String backupCreatedAt, BinlogPosition start, Recovery recovery,
      DumpScan.Server server, Consumer<String> progress) {
    Instant until = recovery.until() == null ? null : Instant.parse(recovery.until());
    String reached = backupCreatedAt;
    List<String> replayed = new ArrayList<>();
    String stopped = null;
    try (RestoreAccount account = RestoreAccount.open(shell, database)) {
      account.allowReplay();
      for (Segment segment : recovery.segments()) {
        progress.accept("replay " + segment.file() + " of the binary log (" + segment.size() + " bytes) into " + database);
        Path kept = null;
        try {
          kept = Files.createTempFile("stackpilot-replay-", ".binlog",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          String refused = verify(segment, kept, database, server);
          if (refused != null) {
            stopped = "segment " + segment.file() + " of binary log " + segment.lineage() + " " + refused
                + "; it and every later segment were not replayed";
            log.warn("{}: {}", customer, stopped);
            break;
          }
          boolean first = segment.file().equals(start.file());
          boolean stops = recovery.stopAt() != null && segment.file().equals(recovery.stopAt().file());
          try (HeartbeatTicker replaying = new HeartbeatTicker("replay " + segment.file() + " into " + database,
              progress)) {
            run(kept, database, account, first ? start.position() : 0, stops ? recovery.stopAt().position() : 0, until);
          }
          replayed.add(segment.file());
          if (stops) {
            reached = recovery.recoversTo();
            break;
          }
          if (segment.lastEventAt() != null) {
            Instant last = Instant.parse(segment.lastEventAt());
            reached = until != null && last.isAfter(until) ? until.toString() : segment.lastEventAt();
            if (until != null && !last.isBefore(until)) {
              break;
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("replaying " + segment.file() + " failed: " + e.getMessage(), e);
        } finally {
          if (kept != null) {
            try {
              Files.deleteIfExists(kept);
            } catch (IOException ignored) {
              // left in the agent's temporary directory
            }
          }
        }
      }
    }
    String note = "replayed " + replayed.size() + " of " + recovery.segments().size() + " archived segments"
        + (replayed.isEmpty() ? "" : " (" + replayed.get(0) + " to " + replayed.get(replayed.size() - 1) + ")")
        + " after backup " + backupId + ": recovered to " + reached
        + (until == null ? "" : " (asked: " + until + ")")
        + (recovery.stopAt() == null ? "" : " (" + recovery.stopAt() + ", where the live stack was read)")
        + (stopped == null ? "" : "; recovery stopped at the last good position: " + stopped)
        + (recovery.note() == null ? "" : "; " + recovery.note());
    return new Outcome(reached, note);
  }

  /** Keeps the segment as read from the store; returns why it is refused, or null when it may be replayed. */
  private String verify(Segment segment, Path kept, String database, DumpScan.Server server) throws IOException {
    try (InputStream in = archive.open(customer, segment.lineage(), segment.file());
         Sha256 sha = new Sha256(in);
         OutputStream out = Files.newOutputStream(kept)) {
      sha.transferTo(out);
      if (sha.count() != segment.size() || !sha.hex().equals(segment.sha256())) {
        return "does not match its manifest (" + sha.count() + " of " + segment.size() + " bytes, SHA-256 " + sha.hex()
            + ")";
      }
    } catch (MissingPartException gone) {
      return "is missing from the store";
    }
    try (InputStream in = Files.newInputStream(kept)) {
      ReplayPolicy.scan(database, server).scan(in);
      return null;
    } catch (SegmentRefusedException | BinlogFormatException e) {
      return "is refused: " + e.getMessage();
    }
  }

  /** mariadb-binlog in the container reads the kept bytes from stdin into a file of its own and feeds the client. */
  /** {@code stopPosition}: the position replay ends before; 0 for the end of the file. */
  private void run(Path kept, String database, RestoreAccount account, long startPosition, long stopPosition,
      Instant until) throws IOException {
    String binlog = "mariadb-binlog --skip-annotate-row-events"
        + (startPosition > 4 ? " --start-position=" + startPosition : "")
        + (stopPosition > 0 ? " --stop-position=" + stopPosition : "")
        + (until == null ? "" : " --stop-datetime='" + STOP.format(until.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)) + "'")
        + " \"$f\"";
    String script = "set -o pipefail; f=$(mktemp); trap 'rm -f \"$f\"' EXIT; cat > \"$f\"; " + binlog
        + " | mariadb --binary-mode --sandbox --protocol=TCP --host=127.0.0.1 --port=3306 --user=" + account.user()
        + " " + MariaDbShell.identifier(database).replace("`", "");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(kept)) {
      ContainerExec.Outcome outcome = exec.run(container, List.of("bash", "-c", script),
          List.of("MYSQL_PWD=" + account.password(), "TZ=UTC"), in, OutputStream.nullOutputStream(), err,
          SEGMENT_TIMEOUT);
      if (!outcome.succeeded()) {
        throw new DatabaseException("replaying the binary log into " + database + " failed (exit " + outcome.exitCode()
            + "): " + err.toString(StandardCharsets.UTF_8).strip());
      }
    }
  }
}
