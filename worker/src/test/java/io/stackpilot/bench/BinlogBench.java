package io.stackpilot.bench;

import io.stackpilot.activities.database.DataHostActivitiesImpl;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.SegmentArchive;
import io.stackpilot.activities.store.SegmentManifest;
import io.stackpilot.activities.store.StoreActivitiesImpl;
import io.stackpilot.activities.store.StoreLocations;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.PointInTimeDisaster;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.Segment;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.stackpilot.workflows.activities.StoreActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The archived binary log under an application's write load (rows of 64 KiB, about 6 MB/s of log) on the same
 * database container: a small commit's response time with and without the shipper archiving every 5 s, how far the
 * archive stays behind the server, and then the recovery of everything archived — RestoreIfEmpty's replay against
 * {@code mariadb-binlog … | mariadb} on the same segments from the same backup.
 */
final class BinlogBench implements AutoCloseable {

  private static final String EVERY = "PT5S";
  private static final int ROWS_PER_COMMIT = 8;
  /** One row of 64 KiB: the log holds each row whole. */
  private static final String ROW = "(REPEAT(MD5(RAND()), 2048))";
  private static final double TARGET_BYTES_PER_SECOND = 6e6;
  private static final Duration WARM_UP = Duration.ofSeconds(15);
  private static final Duration MEASURED = Duration.ofSeconds(25);
  private static final String CHECK = "CHECKSUM TABLE demo.writes, demo.probe";

  private final BenchStack stack;
  private final DesiredState desired;
  private final StoreLocations stores = new StoreLocations(Map.of());
  private final MariaDbShell db;
  private final BackupParts base;
  private final Map<String, String> raw = Map.of("MYSQL_PWD", BenchStack.PASSWORD);
  /** Where the store is, as the report says it. */
  private final String where;

  /** The stack under {@code dir}, its backup store (a file share) at {@code store}. */
  BinlogBench(Path dir, Path store, String where) {
    this.where = where;
    stack = new BenchStack(dir, store);
    desired = stack.desiredWithBinlog("db", EVERY);
    db = new MariaDbShell(new ContainerExec(TestEnvironment.docker(), TestEnvironment.dockerHost()), stack.dbContainer(),
        BenchStack.PASSWORD);
    try {
      base = startWithBackup();
    } catch (RuntimeException e) {
      stack.remove();
      throw e;
    }
    Bench.log("binlog: the chain starts at " + base.binlog());
  }

  /** The database with the tables the load writes, and the full backup the archive's chain starts at. */
  private BackupParts startWithBackup() {
    startDatabase();
    db.query("CREATE TABLE demo.writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload MEDIUMBLOB NOT NULL); "
        + "CREATE TABLE demo.probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL)");
    try (ActivityHarness harness = new ActivityHarness()) {
      BackupParts parts = dataSteps(harness.env).uploadBackupParts(desired, "20261201T020000Z-binlog");
      storeSteps(harness.env).writeBackupManifest(parts);
      return parts;
    }
  }

  private void startDatabase() {
    try (ActivityHarness harness = new ActivityHarness()) {
      StackHostActivities host = harness.hostSteps(stack);
      host.prepareHost(desired);
      host.startDatabase(desired);
    }
  }

  private DataHostActivities dataSteps(TestActivityEnvironment temporal) {
    temporal.registerActivitiesImplementations(new DataHostActivitiesImpl(TestEnvironment.docker(),
        TestEnvironment.dockerHost(), stack.applier, stack.secrets, stores, TestEnvironment.releasesDir().toString(),
        stack.stacksDir(), 0));
    return temporal.newActivityStub(DataHostActivities.class);
  }

  private StoreActivities storeSteps(TestActivityEnvironment temporal) {
    temporal.registerActivitiesImplementations(new StoreActivitiesImpl(stores, TestEnvironment.releasesDir().toString()));
    return temporal.newActivityStub(StoreActivities.class);
  }

  /** What one stretch of load measured: the probe's commits, the log written, the archive's distance. */
  private record Stretch(List<Double> commits, double logBytesPerSecond, double archiveBehind) {

    double median() {
      return Measurement.median(commits);
    }

    double p95() {
      List<Double> sorted = commits.stream().sorted().toList();
      return sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
    }
  }

  /**
   * The write load for {@code warmUp} plus {@code measured}, with the shipper running or not; during {@code measured} a
   * second connection commits a row every 200 ms and the archive's newest event is read every second.
   */
  private Stretch load(boolean shipping) throws InterruptedException {
    if (shipping) {
      // What the stretch without the shipper wrote is archived first: the stretch measures the archive keeping up, not
      // catching up (the log's first look after a pause is a segment of its own).
      try (ActivityHarness harness = new ActivityHarness()) {
        dataSteps(harness.env).shipBinlog(desired, "PT1S");
      }
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread application = new Thread(() -> {
      String insert = "INSERT INTO writes (payload) VALUES " + String.join(", ", Collections.nCopies(ROWS_PER_COMMIT, ROW))
          + ";";
      long interval = (long) (ROWS_PER_COMMIT * 65536 / TARGET_BYTES_PER_SECOND * 1e9);
      try (SqlSession session = new SqlSession(TestEnvironment.dockerHost(), stack.dbContainer(), BenchStack.PASSWORD,
          "demo")) {
        long next = System.nanoTime();
        while (writing.get()) {
          session.roundTrip(insert);
          next += interval;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failed.set(e);
      }
    }, "application");
    Thread shipper = new Thread(() -> {
      try (ActivityHarness harness = new ActivityHarness()) {
        dataSteps(harness.env).shipBinlog(desired, WARM_UP.plus(MEASURED).plusSeconds(3).toString());
      } catch (RuntimeException e) {
        failed.set(e);
      }
    }, "shipper");
    application.start();
    if (shipping) {
      shipper.start();
    }
    Thread.sleep(WARM_UP.toMillis());
    long logBefore = logBytes();
    long started = System.nanoTime();
    List<Double> commits = new ArrayList<>();
    double behind = 0;
    Instant nextLook = Instant.now();
    try (SqlSession probe = new SqlSession(TestEnvironment.dockerHost(), stack.dbContainer(), BenchStack.PASSWORD,
        "demo")) {
      while (System.nanoTime() - started < MEASURED.toNanos()) {
        commits.add(probe.roundTrip("INSERT INTO probe (at) VALUES (NOW(6));"));
        if (shipping && !Instant.now().isBefore(nextLook)) {
          behind = Math.max(behind, archiveBehind());
          nextLook = Instant.now().plusSeconds(1);
        }
        Thread.sleep(200);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double rate = (logBytes() - logBefore) / seconds;
    writing.set(false);
    application.join();
    if (shipping) {
      shipper.join();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("the write load or the shipper failed", failed.get());
    }
    return new Stretch(commits, rate, behind);
  }

  /** The bytes of every binary log file the server keeps. */
  private long logBytes() {
    return db.query("SHOW BINARY LOGS").stream().mapToLong(row -> Long.parseLong(row.split("\t")[1])).sum();
  }

  /** Seconds between now and the newest event the archive holds. */
  private double archiveBehind() {
    List<SegmentManifest> segments = new SegmentArchive(stores.backupStore(stack.customer, desired.stack().backup().store()))
        .segments(stack.customer, base.binlog().lineage());
    return segments.stream().filter(s -> s.lastEventAt() != null).max(Comparator.comparingLong(SegmentManifest::sequence))
        .map(s -> Duration.between(Instant.parse(s.lastEventAt()), Instant.now()).toMillis() / 1000.0)
        .orElse(Double.POSITIVE_INFINITY);
  }

  /** Stretches without and with the shipper, in turns (which one first changes run by run). */
  List<Measurement> shipping(int runs) throws InterruptedException {
    List<Stretch> without = new ArrayList<>();
    List<Stretch> with = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      for (boolean shipping : run % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        Bench.log("binlog run " + run + ": the write load " + (shipping ? "with" : "without") + " the shipper");
        Stretch stretch = load(shipping);
        Bench.log(String.format(Locale.ROOT, "  %.1f MB/s of log, commit median %.1f ms, p95 %.1f ms%s",
            stretch.logBytesPerSecond() / 1e6, stretch.median() * 1e3, stretch.p95() * 1e3,
            shipping ? String.format(Locale.ROOT, ", archive at most %.1f s behind", stretch.archiveBehind()) : ""));
        (shipping ? with : without).add(stretch);
      }
    }
    double rate = Measurement.median(without.stream().map(Stretch::logBytesPerSecond).toList()) / 1e6;
    double rateShipping = Measurement.median(with.stream().map(Stretch::logBytesPerSecond).toList()) / 1e6;
    String load = String.format(Locale.ROOT, "%.1f MB/s of binary log without shipping, %.1f MB/s with; the store %s",
        rate, rateShipping, where);
    Measurement median = new Measurement("a one-row commit's response time (median) under " + load,
        "the stack with ShipBinlog archiving every " + EVERY, "the same stack, nothing archived",
        "≤ 1.2× without shipping", 1 / 1.2);
    Measurement p95 = new Measurement("the same commits, 95th percentile", "with ShipBinlog", "without",
        "≤ 1.2× without shipping", 1 / 1.2);
    for (Measurement line : List.of(median, p95)) {
      line.unit = "ms";
    }
    with.forEach(s -> {
      median.ours.add(s.median() * 1e3);
      p95.ours.add(s.p95() * 1e3);
    });
    without.forEach(s -> {
      median.theirs.add(s.median() * 1e3);
      p95.theirs.add(s.p95() * 1e3);
    });
    Measurement behind = Measurement.alone("how far the archive's newest event stays behind the server under " + load
        + " (the most in each stretch)", "ShipBinlog every " + EVERY, "≤ every + 10 s, and at least 5 MB/s of log",
        "s", rateShipping >= 5 ? Duration.parse(EVERY).toSeconds() + 10 : 0);
    with.forEach(s -> behind.ours.add(s.archiveBehind()));
    return List.of(median, p95, behind);
  }

  /**
   * The recovery of everything the shipping stretches wrote: the stack's volume gone, the backup the chain starts at
   * restored and every archived segment replayed — by RestoreIfEmpty and by hand with the raw tools.
   */
  Measurement replay(int runs) {
    BackupRef plan;
    try (ActivityHarness harness = new ActivityHarness()) {
      // The shipper closes the file being written at its first look and archives it: the whole log is in the store.
      dataSteps(harness.env).shipBinlog(desired, "PT1S");
      plan = storeSteps(harness.env).planRecovery(desired.stack().backup().store(), stack.customer, null, null);
    }
    String expected = String.join(" ", db.query(CHECK));
    List<Segment> segments = plan.recovery().segments();
    long bytes = segments.stream().mapToLong(Segment::size).sum();
    Measurement line = new Measurement("recover a stack from its backup and " + segments.size() + " archived segments ("
        + Bench.human(bytes) + " of binary log)", "RestoreIfEmpty (fetch, verify, restore, replay as the restore account)",
        "`docker cp` the segments, `mariadb-binlog --start-position … | mariadb`", "at least as fast", 1.0);
    Path share = Path.of(desired.stack().backup().store().substring("file://".length()));
    String container = stack.dbContainer();
    String host = "docker -H " + TestEnvironment.dockerHost();
    String part = share.resolve(stack.customer).resolve(base.id()).resolve(base.parts().get(0).name()).toString();
    String copies = segments.stream().map(s -> host + " cp " + share.resolve(stack.customer).resolve("binlog-"
        + s.lineage()).resolve(s.file()) + " " + container + ":/tmp/" + s.file()).collect(Collectors.joining(" && "));
    String files = segments.stream().map(s -> "/tmp/" + s.file()).collect(Collectors.joining(" "));
    String byHand = "zstd -dc " + part + " | " + host + " exec -i -e MYSQL_PWD " + container + " mariadb -uroot demo && "
        + copies + " && " + host + " exec -e MYSQL_PWD " + container + " bash -o pipefail -c 'mariadb-binlog "
        + "--start-position=" + plan.binlog().position() + " " + files + " | mariadb -uroot'";
    for (int run = 1; run <= runs; run++) {
      fresh();
      Bench.log("binlog replay run " + run + ": mariadb-binlog | mariadb");
      line.theirs.add(Shell.timed(() -> Shell.run(byHand, raw)));
      same(expected, "mariadb-binlog | mariadb");
      fresh();
      Bench.log("binlog replay run " + run + ": RestoreIfEmpty");
      try (ActivityHarness harness = new ActivityHarness();
           PeakHeap heap = new PeakHeap()) {
        DataHostActivities steps = dataSteps(harness.env);
        line.ours.add(Shell.timed(() -> steps.restoreIfEmpty(desired, plan, false)));
        line.peakHeapBytes = Math.max(line.peakHeapBytes, heap.peak());
      }
      same(expected, "RestoreIfEmpty");
    }
    return line;
  }

  /**
   * A disaster under steady writes, end to end (PointInTimeDisaster: a row a second, the log archived every
   * {@link #EVERY}, host A lost without warning, {@code stackctl migrate} to the second engine): the RPO from the
   * disaster to the point recovered, and the RTO from the command until the stack's web service answers.
   */
  static List<Measurement> disasterRecovery(Path dir, int runs) throws Exception {
    Measurement rpo = Measurement.alone("point-in-time disaster recovery under steady writes (a row a second, log "
        + "archived every " + EVERY + "): RPO, from the disaster to the point recovered", "`stackctl migrate` to the "
        + "second engine, replaying the archive", "≤ every + 30 s", "s", Duration.parse(EVERY).toSeconds() + 30);
    Measurement rto = Measurement.alone("the same recovery: RTO, from `stackctl migrate` until the web service answers",
        "`stackctl migrate`", "≤ 2 min", "s", 120);
    for (int run = 1; run <= runs; run++) {
      Bench.log("point-in-time disaster recovery run " + run);
      PointInTimeDisaster.Objectives objectives = PointInTimeDisaster.measure(dir.resolve("pitr-" + run), EVERY);
      Bench.log(String.format(Locale.ROOT, "  %d of %d rows recovered, RPO %.1f s, RTO %.1f s",
          objectives.rowsRecovered(), objectives.rowsWritten(), objectives.rpoSeconds(), objectives.rtoSeconds()));
      rpo.ours.add(objectives.rpoSeconds());
      rto.ours.add(objectives.rtoSeconds());
    }
    return List.of(rpo, rto);
  }

  /** The stack's database on a new, empty volume. */
  private void fresh() {
    stack.remove();
    startDatabase();
  }

  private void same(String expected, String who) {
    String rows = String.join(" ", db.query(CHECK));
    if (!rows.equals(expected)) {
      throw new IllegalStateException(who + " recovered " + rows + ", the stack held " + expected);
    }
  }

  @Override
  public void close() {
    stack.remove();
    Shell.run("rm -rf " + stack.backups, Map.of());
  }
}
