package io.stackpilot.activities.database;

import io.stackpilot.activities.database.binlog.SegmentScan;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.SegmentArchive;
import io.stackpilot.activities.store.SegmentManifest;
import io.stackpilot.activities.store.Paced;
import io.stackpilot.activities.store.Progress;
import io.stackpilot.activities.store.WrittenProgress;
import io.stackpilot.workflows.activities.ArchiveProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives a stack's binary log into its backup store while it runs: closes the current file at least every
 * {@code every} when it holds new events, and writes each closed file the chain needs — from the file the newest full
 * backup's dump stands in — write-once with its digest and time range. What is archived is read back from the store at
 * start, so a shipper killed in the middle of a file starts that file again and never writes it twice. It returns as
 * soon as the chain cannot go on: no full backup starts one on this log, or a file the chain needs is gone from the
 * server before it was archived (purged, or expired while nobody shipped). Either is closed by a new full backup.
 */
final class BinlogShipper {

  private static final Logger log = LoggerFactory.getLogger(BinlogShipper.class);
  /** How often the shipper looks at the log between closings: it heartbeats at least this often. */
  private static final Duration LOOK = Duration.ofSeconds(2);
  /** Bytes a second no pass over a file goes below, however long {@code every}: 16 MB/s. */
  private static final long SLOWEST_PACE = 16_000_000;

  private final ServerLog server;
  private final BackupStore store;
  private final SegmentArchive archive;
  private final String customer;
  private final String host;
  private final Duration every;
  private final Consumer<String> heartbeat;
  private final Clock clock;

  BinlogShipper(ServerLog server, BackupStore store, String customer, String host, Duration every,
      Consumer<String> heartbeat, Clock clock) {
    this.server = server;
    this.store = store;
    this.archive = new SegmentArchive(store);
    this.customer = customer;
    this.host = host;
    this.every = every;
    this.heartbeat = heartbeat;
    this.clock = clock;
  }

  ArchiveProgress run(Duration runFor) throws InterruptedException {
    if (!server.enabled()) {
      return new ArchiveProgress(ArchiveProgress.NEEDS_BASE, null, null, null, 0, "the database of " + customer
          + " runs without its binary log: the stack's update that turns it on has not been applied yet");
    }
    String lineage = server.lineage();
    Optional<BackupManifest> base = store.completeBackups(customer).stream()
        .filter(m -> m.binlog() != null && lineage.equals(m.binlog().lineage())).findFirst();
    if (base.isEmpty()) {
      return new ArchiveProgress(ArchiveProgress.NEEDS_BASE, lineage, null, null, 0, "no full backup starts a chain on "
          + "binary log " + lineage + " yet");
    }
    Map<String, SegmentManifest> archived = archive.segments(customer, lineage).stream()
        .collect(Collectors.toMap(SegmentManifest::file, m -> m, (a, b) -> a));
    String first = base.get().binlog().file();
    Instant deadline = clock.instant().plus(runFor);
    Instant flushedAt = Instant.MIN;
    // A file that holds nothing but its header is not closed: no empty segment at every run's start.
    ServerLog.Position begun = server.current();
    ServerLog.Position quiet = server.holdsEvents(begun.file()) ? null : begun;
    int shipped = 0;
    SegmentManifest last = newest(archived, first);
    // A file closed without a transaction has no event time: the chain reaches the newest one that has one.
    String reaches = reaches(archived, first);
    while (true) {
      ServerLog.Position now = server.current();
      if (SegmentArchive.sequence(now.file()) < SegmentArchive.sequence(first)) {
        String fresh = server.newLineage();
        return new ArchiveProgress(ArchiveProgress.GAP, fresh, null, null, shipped, "the server's binary log begins "
            + "again at " + now.file() + ", before " + first + " where the chain stands: a new lineage " + fresh
            + " begins, and a full backup starts its chain");
      }
      if (!clock.instant().isBefore(flushedAt.plus(every)) && !now.equals(quiet)) {
        server.flush();
        flushedAt = clock.instant();
        quiet = server.current();
      }
      List<ServerLog.LogFile> files = server.files();
      Map<String, ServerLog.LogFile> onServer = files.stream()
          .collect(Collectors.toMap(ServerLog.LogFile::name, f -> f, (a, b) -> a));
      String writing = files.get(files.size() - 1).name();
      for (String file = first; !file.equals(writing); file = SegmentArchive.next(file)) {
        if (archived.containsKey(file)) {
          continue;
        }
        ServerLog.LogFile closed = onServer.get(file);
        if (closed == null) {
          return new ArchiveProgress(ArchiveProgress.GAP, lineage, last == null ? null : last.file(),
              reaches, shipped, file + " of binary log " + lineage + " is gone from the "
              + "server before it was archived (the server keeps " + files.get(0).name() + " to " + writing
              + "): the chain from backup " + base.get().backupId() + " ends at "
              + (last == null ? "the backup" : last.file()));
        }
        SegmentManifest written = ship(lineage, closed);
        archived.put(file, written);
        last = written;
        reaches = written.lastEventAt() != null ? written.lastEventAt() : reaches;
        shipped++;
        heartbeat.accept("archived " + file + " (" + written.size() + " bytes, to " + written.lastEventAt() + ")");
      }
      if (!clock.instant().isBefore(deadline)) {
        return new ArchiveProgress(ArchiveProgress.ARCHIVING, lineage, last == null ? null : last.file(), reaches,
            shipped, null);
      }
      heartbeat.accept("archiving " + lineage + (last == null ? "" : " up to " + last.file()));
      Thread.sleep(LOOK.toMillis());
    }
  }

  /** The newest archived file of the chain that begins at {@code first}. */
  private static SegmentManifest newest(Map<String, SegmentManifest> archived, String first) {
    SegmentManifest newest = null;
    for (String file = first; archived.containsKey(file); file = SegmentArchive.next(file)) {
      newest = archived.get(file);
    }
    return newest;
  }

  /** The newest event time of the archived chain that begins at {@code first}; null when none has one. */
  private static String reaches(Map<String, SegmentManifest> archived, String first) {
    String reaches = null;
    for (String file = first; archived.containsKey(file); file = SegmentArchive.next(file)) {
      reaches = archived.get(file).lastEventAt() != null ? archived.get(file).lastEventAt() : reaches;
    }
    return reaches;
  }

  /** Copies one closed file off the server, reads what it holds, and archives it with its manifest. */
  private SegmentManifest ship(String lineage, ServerLog.LogFile file) {
    Path staged = null;
    try {
      staged = Files.createTempFile("stackpilot-segment-", ".binlog");
      long pace = pace(file.size());
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (OutputStream out = Paced.output(new DigestOutputStream(new WrittenProgress(Files.newOutputStream(staged),
          "copy " + file.name() + " off the server", heartbeat), digest), pace)) {
        server.copy(file.name(), out);
      }
      String sha = HexFormat.of().formatHex(digest.digest());
      long size = Files.size(staged);
      if (size != file.size()) {
        throw new DatabaseException("read " + size + " bytes of " + file.name() + ", which the server lists with "
            + file.size() + ": not archived, tried again");
      }
      SegmentScan.Summary summary;
      try (InputStream in = Paced.input(Files.newInputStream(staged), pace)) {
        summary = SegmentScan.summarize(in);
      }
      SegmentManifest manifest = new SegmentManifest(SegmentManifest.FORMAT, customer, lineage, file.name(),
          summary.endPosition(), sha, size, text(summary.firstEventAt()), text(summary.lastEventAt()),
          summary.transactions(), List.copyOf(summary.tables()), host, clock.instant().toString());
      try (InputStream in = new Progress(Paced.input(Files.newInputStream(staged), pace), "archive " + file.name(), size,
          heartbeat)) {
        archive.write(customer, in, manifest);
      }
      log.info("archived {} of {} ({} bytes, {} transactions, {} to {})", file.name(), customer, size,
          summary.transactions(), manifest.firstEventAt(), manifest.lastEventAt());
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("archiving " + file.name() + " failed: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    } finally {
      if (staged != null) {
        try {
          Files.deleteIfExists(staged);
        } catch (IOException ignored) {
          // a temporary file the next start of the agent's JVM does not know
        }
      }
    }
  }

  /**
   * How fast a file of {@code size} bytes is copied, read and written: each of the three passes in a sixth of
   * {@code every}, so that a file is archived in half the time the next one takes to fill (the archive keeps up with
   * room to catch up) while its CPU is spread over that time instead of taking the database's cores in a burst; never
   * slower than {@link #SLOWEST_PACE}.
   */
  private long pace(long size) {
    return Math.max(SLOWEST_PACE, size * 6_000 / Math.max(1, every.toMillis()));
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
