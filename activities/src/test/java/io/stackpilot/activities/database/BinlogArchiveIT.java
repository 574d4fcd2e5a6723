package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.FileShareBackupStore;
import io.stackpilot.activities.store.RecoveryPlanner;
import io.stackpilot.activities.store.SegmentArchive;
import io.stackpilot.activities.store.SegmentManifest;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.ArchiveProgress;
import io.stackpilot.workflows.activities.BinlogPosition;
import io.stackpilot.workflows.activities.LivePoint;
import io.stackpilot.workflows.activities.RestoreResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive of a binary log on real parts: a MariaDB container whose stack.yaml asks for backup.binlog (so it runs
 * with the options the renderer gives it), a file-share store, and the shipper and the replay as the host agent runs
 * them. Rows carry a sequence number and the time they were written, so that what a recovery brings back can be
 * checked row by row: every row up to the point, none twice, none after it.
 */
class BinlogArchiveIT {

  @TempDir
  Path temp;

  private TestDatabase source;
  private final List<TestDatabase> targets = new ArrayList<>();
  private BackupStore store;
  private final AtomicInteger sequence = new AtomicInteger();

  @BeforeEach
  void database() throws Exception {
    source = new TestDatabase("pitr", temp, "  binlog: { every: PT5S }\n");
    store = new FileShareBackupStore(temp.resolve("backups"));
    write("CREATE TABLE demo.calls (seq INT PRIMARY KEY, at DATETIME(6) NOT NULL, note VARCHAR(40))");
  }

  @AfterEach
  void down() {
    source.close();
    targets.forEach(TestDatabase::close);
  }

  /** As the application writes: through the client, so that the write is in the binary log (unlike Stackpilot's own). */
  private void write(String sql) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome = source.exec().run(source.container, List.of("mariadb", "--user=root", "demo",
        "--execute=" + sql), List.of("MYSQL_PWD=" + TestDatabase.PASSWORD), null, OutputStream.nullOutputStream(), err,
        Duration.ofMinutes(1));
    assertThat(outcome.succeeded()).as(err.toString(StandardCharsets.UTF_8)).isTrue();
  }

  private int insertRow() {
    int seq = sequence.incrementAndGet();
    write("INSERT INTO calls (seq, at, note) VALUES (" + seq + ", NOW(6), 'call " + seq + "')");
    return seq;
  }

  private ServerLog serverLog(TestDatabase db) {
    return new ServerLog(db.shell, db.exec(), db.container);
  }

  /** A full backup of the source with where its dump stands in the log, as UploadBackupParts writes one. */
  private BackupManifest fullBackup(String id) {
    DumpPosition[] tap = {null};
    BackupManifest.Part part = source.dump().dump("demo", store, source.customer, id, p -> { }, t -> tap[0] = t);
    DumpPosition.Found found = tap[0].found().orElseThrow();
    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, id, "chain", source.customer, "1.0.0", "1",
        "c0ffee1", "it", Instant.now().toString(), List.of(part), null, null,
        new BinlogPosition(serverLog(source).lineage(), found.file(), found.position()));
    store.writeManifest(manifest);
    return manifest;
  }

  private ArchiveProgress ship(Duration runFor) throws InterruptedException {
    return new BinlogShipper(serverLog(source), store, source.customer, "it", Duration.ofSeconds(1), p -> { },
        Clock.systemUTC()).run(runFor);
  }

  private RecoveryPlanner.Plan plan(String backupId, Instant until) {
    return new RecoveryPlanner(store).plan(source.customer, backupId, until, store.location());
  }

  /** Restores {@code plan} into a database of its own, as RestoreIfEmpty does with a recovery. */
  private RestoreResult recover(RecoveryPlanner.Plan plan, TestDatabase target) {
    DatabaseRestore restore = new DatabaseRestore(target.shell, target.engine(2));
    return restore.restoreIfEmpty("demo", store, plan.backup(), ReleaseSchema.of("1.0.0",
            new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.0.0").keySet()), false, () -> { },
        server -> new BinlogReplay(target.shell, target.exec(), target.container, new SegmentArchive(store),
            source.customer).replay("demo", plan.backup().backupId(), plan.backup().createdAt(), plan.backup().binlog(),
            plan.recovery(), server, p -> { }),
        p -> { });
  }

  private TestDatabase target() throws Exception {
    TestDatabase target = new TestDatabase("pitr-to", temp.resolve("t" + targets.size()), "  binlog: { every: PT5S }\n");
    targets.add(target);
    return target;
  }

  private static Map<Integer, Instant> rows(TestDatabase db) {
    Map<Integer, Instant> rows = new TreeMap<>();
    for (String row : db.shell.query("SELECT seq, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM demo.calls ORDER BY seq")) {
      String[] columns = row.split("\t");
      rows.put(Integer.parseInt(columns[0]), Instant.parse(columns[1]));
    }
    return rows;
  }

  /**
   * Rows written around a full backup, a server restart and file closings are recovered to the newest archived point —
   * each exactly once — and, with a point given, exactly those stamped at or before its second.
   */
  @Test
  void aChainAcrossAServerRestartReplaysEveryRowOnceAndUntilStopsAtTheSecond() throws Exception {
    for (int i = 0; i < 3; i++) {
      insertRow();
    }
    BackupManifest base = fullBackup("20261203T100000Z-base");
    for (int i = 0; i < 3; i++) {
      insertRow();
      Thread.sleep(1100);
    }
    source.docker.restartContainerCmd(source.container).exec();
    awaitServer(source);
    for (int i = 0; i < 3; i++) {
      insertRow();
      Thread.sleep(1100);
    }
    assertThat(ship(Duration.ofSeconds(3)).state()).isEqualTo(ArchiveProgress.ARCHIVING);
    Map<Integer, Instant> written = rows(source);

    RecoveryPlanner.Plan latest = plan(null, null);
    assertThat(latest.backup().backupId()).isEqualTo(base.backupId());
    assertThat(latest.recovery().note()).as("no hole after the restart").isNull();
    assertThat(latest.recovery().segments()).hasSizeGreaterThanOrEqualTo(2);
    TestDatabase recovered = target();
    List<String> durability = recovered.shell.query(DURABILITY);
    RestoreResult result = recover(latest, recovered);
    assertThat(recovered.shell.query(DURABILITY)).as("the redo flush and the log's sync put back after the replay")
        .isEqualTo(durability);

    assertThat(rows(recovered)).as("every row, once, with its time").isEqualTo(written);
    assertThat(result.recoveredTo()).isEqualTo(written.get(9).truncatedTo(ChronoUnit.SECONDS).toString());
    assertThat(result.replay()).contains("replayed " + latest.recovery().segments().size() + " of "
        + latest.recovery().segments().size() + " archived segments");

    Instant until = written.get(5);
    TestDatabase atPoint = target();
    RestoreResult pointResult = recover(plan(null, until), atPoint);
    Map<Integer, Instant> expected = new TreeMap<>(written);
    expected.values().removeIf(at -> at.truncatedTo(ChronoUnit.SECONDS).isAfter(until.truncatedTo(ChronoUnit.SECONDS)));
    assertThat(rows(atPoint)).as("exactly the rows up to the second of " + until).isEqualTo(expected)
        .containsKeys(1, 2, 3, 4, 5).doesNotContainKeys(6, 7, 8, 9);
    assertThat(pointResult.replay()).contains("asked: " + until);

    // What a drill does: read the live stack at a position, let the archive ship the file holding it, recover a copy
    // to exactly there — a row written after the read, in the same file, stays out — and compare every table.
    DumpPosition[] tap = {null};
    Map<String, io.stackpilot.workflows.activities.TableFingerprint> live = source.dump().fingerprints("demo", p -> { },
        t -> tap[0] = t);
    DumpPosition.Found at = tap[0].found().orElseThrow();
    int afterTheRead = insertRow();
    serverLog(source).flush();
    assertThat(ship(Duration.ofSeconds(2)).state()).isEqualTo(ArchiveProgress.ARCHIVING);
    RecoveryPlanner.Plan toTheEnd = plan(null, null);
    LivePoint point = new LivePoint(new BinlogPosition(base.binlog().lineage(), at.file(), at.position()),
        Instant.now().toString(), live);
    TestDatabase copy = target();
    RestoreResult drilled = recover(new RecoveryPlanner.Plan(toTheEnd.backup(), toTheEnd.recovery().stoppingAt(point)),
        copy);

    assertThat(rows(copy)).doesNotContainKey(afterTheRead).containsKeys(1, 9);
    assertThat(FingerprintComparison.of(live, copy.dump().fingerprints("demo", p -> { })).mismatches())
        .as("every table as the live stack had it at " + point.position()).isEmpty();
    assertThat(drilled.replay()).contains("where the live stack was read");
    assertThat(keptSegments()).as("no segment left on this host after a replay that stopped inside one").isEmpty();
  }

  private static final String DURABILITY = "SELECT @@global.innodb_flush_log_at_trx_commit, @@global.sync_binlog";

  /** The segments a replay read from the store and kept on this host while it checked and replayed them. */
  private static List<Path> keptSegments() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("stackpilot-replay-")).toList();
    }
  }

  /**
   * A server nobody writes to gets no new segment from shipping runs; a file closed without a transaction (a FLUSH by
   * hand) is archived without an event time, and the archive's progress and a recovery's plan still reach the last row.
   */
  @Test
  void aQuietServerGetsNoEmptySegmentsAndTheChainStillReachesItsLastRow() throws Exception {
    fullBackup("20261203T110000Z-quiet");
    insertRow();
    Instant last = rows(source).values().stream().max(Instant::compareTo).orElseThrow().truncatedTo(ChronoUnit.SECONDS);
    assertThat(ship(Duration.ofSeconds(2)).lastEventAt()).isEqualTo(last.toString());
    int segments = new SegmentArchive(store).segments(source.customer, serverLog(source).lineage()).size();

    ArchiveProgress quiet = ship(Duration.ofSeconds(3));
    ship(Duration.ofSeconds(2));
    assertThat(new SegmentArchive(store).segments(source.customer, serverLog(source).lineage())).as("no empty segments")
        .hasSize(segments);
    assertThat(quiet.lastEventAt()).isEqualTo(last.toString());

    serverLog(source).flush();
    serverLog(source).flush();
    ArchiveProgress closedEmpty = ship(Duration.ofSeconds(2));
    assertThat(closedEmpty.shipped()).isGreaterThanOrEqualTo(1);
    assertThat(new SegmentArchive(store).segments(source.customer, serverLog(source).lineage()))
        .last().satisfies(m -> assertThat(m.lastEventAt()).as("a file without a transaction").isNull());
    assertThat(closedEmpty.lastEventAt()).isEqualTo(last.toString());
    assertThat(plan(null, null).recovery().recoversTo()).isEqualTo(last.toString());
  }

  /** A segment whose bytes differ from its manifest is not replayed: the recovery ends at the last good one and says so. */
  @Test
  void aTamperedSegmentIsRefusedAndTheRecoveryStopsAtTheLastGoodPosition() throws Exception {
    insertRow();
    fullBackup("20261203T100000Z-base");
    insertRow();
    assertThat(ship(Duration.ofSeconds(2)).state()).isEqualTo(ArchiveProgress.ARCHIVING);
    insertRow();
    assertThat(ship(Duration.ofSeconds(2)).state()).isEqualTo(ArchiveProgress.ARCHIVING);
    RecoveryPlanner.Plan plan = plan(null, null);
    List<SegmentManifest> segments = new SegmentArchive(store).segments(source.customer, plan.backup().binlog().lineage());
    SegmentManifest holdingRow3 = segments.stream().filter(s -> s.transactions() > 0).reduce((a, b) -> b).orElseThrow();
    Path bytes = temp.resolve("backups").resolve(source.customer).resolve("binlog-" + holdingRow3.lineage())
        .resolve(holdingRow3.file());
    bytes.toFile().setWritable(true);
    byte[] altered = Files.readAllBytes(bytes);
    altered[altered.length - 40] ^= 0x01;
    Files.write(bytes, altered);

    TestDatabase recovered = target();
    RestoreResult result = recover(plan, recovered);

    assertThat(new SegmentArchive(store).check(source.customer, holdingRow3).outcome()).as("backups verify says so")
        .isEqualTo("altered");
    assertThat(rows(recovered).keySet()).as("up to the last good segment").containsExactly(1, 2);
    assertThat(result.replay()).contains("segment " + holdingRow3.file() + " of binary log " + holdingRow3.lineage()
        + " does not match its manifest", "recovery stopped at the last good position");
    assertThat(new DatabaseRestore(recovered.shell).restoredSchemaVersion("demo")).as("the restore completed").isPresent();
    assertThat(keptSegments()).as("neither the refused segment nor one checked ahead is left on this host").isEmpty();
  }

  /**
   * A file purged before it was archived is a gap, reported by name; a new full backup starts a new chain. A shipper
   * killed after storing a file's bytes and before its manifest, and a store that is gone for a while, each end with
   * the chain complete: the file is archived once, from where it was left.
   */
  @Test
  void aPurgedFileIsAGapClosedByANewBackupAndAKilledShipperOrAStoreOutageLeaveNoHole() throws Exception {
    insertRow();
    fullBackup("20261203T100000Z-first");
    assertThat(ship(Duration.ofSeconds(2)).state()).isEqualTo(ArchiveProgress.ARCHIVING);
    insertRow();
    ServerLog log = serverLog(source);
    log.flush();
    insertRow();
    log.flush();
    String current = log.current().file();
    source.shell.query("PURGE BINARY LOGS TO '" + current + "'");

    ArchiveProgress gap = ship(Duration.ofSeconds(2));
    assertThat(gap.state()).isEqualTo(ArchiveProgress.GAP);
    assertThat(gap.note()).contains("is gone from the server before it was archived", "20261203T100000Z-first");

    fullBackup("20261203T100001Z-second");
    insertRow();
    log.flush();
    // What a shipper killed inside a file leaves: the file's bytes in the store, no manifest.
    String next = log.files().get(log.files().size() - 2).name();
    ByteArrayOutputStream left = new ByteArrayOutputStream();
    log.copy(next, left);
    store.writePart(source.customer, "binlog-" + log.lineage(), next, new java.io.ByteArrayInputStream(left.toByteArray()));
    // The share is gone for a while: its root is not a directory.
    Path root = temp.resolve("backups");
    Path away = temp.resolve("backups-away");
    Files.move(root, away);
    Files.writeString(root, "unmounted");
    insertRow();
    assertThatThrownBy(() -> ship(Duration.ofSeconds(2))).as("the store is out").isInstanceOf(RuntimeException.class);
    Files.delete(root);
    Files.move(away, root);
    assertThat(ship(Duration.ofSeconds(3)).state()).isEqualTo(ArchiveProgress.ARCHIVING);

    assertThat(plan("20261203T100000Z-first", null).recovery().note()).as("the first chain, with the hole in it")
        .contains("is not archived: the chain ends before it");
    RecoveryPlanner.Plan plan = plan(null, null);
    assertThat(plan.backup().backupId()).isEqualTo("20261203T100001Z-second");
    assertThat(plan.recovery().note()).isNull();
    assertThat(plan.recovery().segments()).extracting(s -> s.file()).contains(next);
    TestDatabase recovered = target();
    recover(plan, recovered);
    assertThat(rows(recovered)).isEqualTo(rows(source));
  }

  private static void awaitServer(TestDatabase db) throws InterruptedException {
    for (int i = 0; i < 120; i++) {
      try {
        db.shell.query("SELECT 1");
        return;
      } catch (RuntimeException starting) {
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the database did not come back after its restart");
  }
}
