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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * kept bytes into the statements one client session runs. The next segment is read and checked while one replays. A
 * segment that fails its checks is not replayed, nor anything after it: the recovery ends at the last good one and
 * says so.
 * {@code until} stops inside a segment, at the log's one-second resolution: every transaction stamped at or before the
 * second of {@code until} is replayed.
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
    List<Segment> segments = recovery.segments();
    Chain chain = new Chain(database, server, start, recovery, until, backupCreatedAt, progress);
    if (segments.isEmpty()) {
      chain.close();
    } else {
      try (RestoreAccount account = RestoreAccount.open(shell, database);
           chain;
           HeartbeatTicker replaying = new HeartbeatTicker("replay the archived binary log into " + database, progress)) {
        account.allowReplay();
        run(chain, database, account, until);
      } catch (IOException e) {
        throw new UncheckedIOException("replaying the binary log into " + database + " failed: " + e.getMessage(), e);
      }
    }
    List<String> replayed = chain.replayed;
    String note = "replayed " + replayed.size() + " of " + segments.size() + " archived segments"
        + (replayed.isEmpty() ? "" : " (" + replayed.get(0) + " to " + replayed.get(replayed.size() - 1) + ")")
        + " after backup " + backupId + ": recovered to " + chain.reached
        + (until == null ? "" : " (asked: " + until + ")")
        + (recovery.stopAt() == null ? "" : " (" + recovery.stopAt() + ", where the live stack was read)")
        + (chain.stopped == null ? "" : "; recovery stopped at the last good position: " + chain.stopped)
        + (recovery.note() == null ? "" : "; " + recovery.note());
    return new Outcome(chain.reached, note);
  }

  /**
   * What the container's replay reads: for each segment a line "size start stop" (positions, 0: none) and the
   * segment's bytes, then "0". A segment is sent only once its check has passed, and the next one is checked while
   * this one flows; a refused segment, a stop position or {@code until} ends the chain. A failure on this side is
   * kept, so the replay reports it rather than the cut stream it leaves.
   */
  private final class Chain extends InputStream {
    private final String database;
    private final BinlogPosition start;
    private final Recovery recovery;
    private final Instant until;
    private final Consumer<String> progress;
    private final Lookahead checks;
    final List<String> replayed = new ArrayList<>();
    String reached;
    String stopped;
    private int index;
    private boolean ending;
    private boolean ended;
    private InputStream current;
    private Checked sending;
    private Runnable onSent;
    private RuntimeException failure;

    Chain(String database, DumpScan.Server server, BinlogPosition start, Recovery recovery, Instant until,
        String reached, Consumer<String> progress) {
      this.database = database;
      this.start = start;
      this.recovery = recovery;
      this.until = until;
      this.reached = reached;
      this.progress = progress;
      this.checks = new Lookahead(database, server);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        while (true) {
          if (current != null) {
            int n = current.read(b, off, len);
            if (n >= 0) {
              return n;
            }
            current.close();
            current = null;
            if (onSent != null) {
              onSent.run();
              onSent = null;
            }
          } else if (ended) {
            return -1;
          } else {
            current = next();
          }
        }
      } catch (RuntimeException e) {
        failure = e;
        throw new IOException(e.getMessage(), e);
      }
    }

    /** The next segment's line and bytes, or the closing "0". */
    private InputStream next() throws IOException {
      List<Segment> segments = recovery.segments();
      if (ending || index >= segments.size()) {
        ended = true;
        return new ByteArrayInputStream("0\n".getBytes(StandardCharsets.US_ASCII));
      }
      Segment segment = segments.get(index++);
      progress.accept("replay " + segment.file() + " of the binary log (" + segment.size() + " bytes) into " + database);
      Checked checked = checks.take(segment);
      if (checked.refused() != null) {
        checked.discard();
        stopped = "segment " + segment.file() + " of binary log " + segment.lineage() + " " + checked.refused()
            + "; it and every later segment were not replayed";
        log.warn("{}: {}", customer, stopped);
        ending = true;
        return next();
      }
      boolean first = segment.file().equals(start.file());
      boolean stops = recovery.stopAt() != null && segment.file().equals(recovery.stopAt().file());
      Instant last = segment.lastEventAt() == null ? null : Instant.parse(segment.lastEventAt());
      ending = stops || (until != null && last != null && !last.isBefore(until));
      if (!ending && index < segments.size()) {
        checks.start(segments.get(index));
      }
      sending = checked;
      onSent = () -> {
        checked.discard();
        sending = null;
        replayed.add(segment.file());
        if (stops) {
          reached = recovery.recoversTo();
        } else if (last != null) {
          reached = until != null && last.isAfter(until) ? until.toString() : segment.lastEventAt();
        }
      };
      long startPosition = first && start.position() > 4 ? start.position() : 0;
      long stopPosition = stops ? recovery.stopAt().position() : 0;
      byte[] line = (Files.size(checked.kept()) + " " + startPosition + " " + stopPosition + "\n")
          .getBytes(StandardCharsets.US_ASCII);
      return new SequenceInputStream(new ByteArrayInputStream(line), Files.newInputStream(checked.kept()));
    }

    /** The failure on this side that cut the stream, if one did. */
    RuntimeException failure() {
      return failure;
    }

    @Override
    public void close() {
      try {
        if (current != null) {
          current.close();
        }
      } catch (IOException ignored) {
        // a kept file's stream; the file goes below
      } finally {
        if (sending != null) {
          sending.discard();
        }
        checks.close();
      }
    }
  }

  /** A segment read from the store and kept on this host, with why it is refused (null: it may be replayed). */
  private record Checked(Path kept, String refused) {
    void discard() {
      if (kept != null) {
        try {
          Files.deleteIfExists(kept);
        } catch (IOException ignored) {
          // left in the agent's temporary directory
        }
      }
    }
  }

  /**
   * Checks the next segment on a thread of its own while the current one replays, so the digest and the scan cost no
   * time of their own; nothing is replayed before its own check has passed. A check nobody takes any more (the
   * replay stopped) deletes what it kept.
   */
  private final class Lookahead implements AutoCloseable {
    private final String database;
    private final DumpScan.Server server;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
      Thread checker = new Thread(task, "stackpilot-binlog-check");
      checker.setDaemon(true);
      return checker;
    });
    private Segment pending;
    private Future<Checked> next;

    Lookahead(String database, DumpScan.Server server) {
      this.database = database;
      this.server = server;
    }

    void start(Segment segment) {
      pending = segment;
      next = thread.submit(() -> check(segment));
    }

    Checked take(Segment segment) {
      if (next == null || pending != segment) {
        start(segment);
      }
      Future<Checked> taken = next;
      next = null;
      pending = null;
      try {
        return taken.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatabaseException("the replay was interrupted while " + segment.file() + " was checked");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new UncheckedIOException("reading " + segment.file() + " from the store failed: " + cause.getMessage(),
            cause instanceof IOException io ? io : new IOException(cause));
      }
    }

    private Checked check(Segment segment) throws IOException {
      Path kept = Files.createTempFile("stackpilot-replay-", ".binlog",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        return new Checked(kept, verify(segment, kept, database, server));
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(kept);
        throw e;
      }
    }

    @Override
    public void close() {
      Future<Checked> left = next;
      if (left != null && !left.cancel(false)) {
        thread.execute(() -> {
          try {
            left.get().discard();
          } catch (InterruptedException | ExecutionException ignored) {
            // nothing was kept
          }
        });
      }
      thread.shutdown();
    }
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

  /**
   * One client session replays the whole chain, as MariaDB advises for several logs (a temporary table lives on
   * across files): for each line a mariadb-binlog reads exactly that segment's bytes from stdin (a start position is
   * skipped there); what it leaves after a stop position or time is drained, and after a failure so is the rest,
   * so the client's own error is what is reported.
   */
  private void run(Chain chain, String database, RestoreAccount account, Instant until) throws IOException {
    String binlog = "mariadb-binlog --skip-annotate-row-events"
        + " ${start:+--start-position=$start} ${stop:+--stop-position=$stop}"
        + (until == null ? "" : " --stop-datetime='" + STOP.format(until.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)) + "'")
        + " -";
    String script = "set -o pipefail; while read -r size start stop && [ \"$size\" -gt 0 ]; do"
        + " [ \"$start\" -gt 0 ] || start=; [ \"$stop\" -gt 0 ] || stop=;"
        + " head -c \"$size\" | { " + binlog + "; code=$?; cat > /dev/null; exit $code; } || { cat > /dev/null; exit 1; };"
        + " done | mariadb --binary-mode --sandbox --protocol=TCP --host=127.0.0.1 --port=3306 --user=" + account.user()
        + " " + MariaDbShell.identifier(database).replace("`", "");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome;
    try {
      outcome = exec.run(container, List.of("bash", "-c", script), List.of("MYSQL_PWD=" + account.password(), "TZ=UTC"),
          chain, OutputStream.nullOutputStream(), err, SEGMENT_TIMEOUT.multipliedBy(Math.max(1,
              chain.recovery.segments().size())));
    } catch (UncheckedIOException e) {
      if (chain.failure() != null) {
        throw chain.failure();
      }
      throw e;
    }
    if (chain.failure() != null) {
      throw chain.failure();
    }
    if (!outcome.succeeded()) {
      throw new DatabaseException("replaying the binary log into " + database + " failed (exit " + outcome.exitCode()
          + "): " + err.toString(StandardCharsets.UTF_8).strip());
    }
  }
}
