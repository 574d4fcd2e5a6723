package io.stackpilot.bench;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.database.DataHostActivitiesImpl;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.StoreLocations;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.StoreActivities;
import io.stackpilot.activities.store.StoreActivitiesImpl;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restore and backup of one generated database of one shape, Stackpilot's steps side by side with the raw tools, on
 * the same database container (sizing large: 2 CPUs, 4 GB; the server's default buffer pool of 128 MiB unless a
 * shape asks for another) and the same compressed dump; the restore also against the server's own ceiling.
 */
final class DatabaseBench implements AutoCloseable {

  private final long size;
  private final BenchDump.Shape shape;
  private final long bufferPool;
  private final Map<String, String> tables;
  private final int runs;
  private final List<Integer> loaders;
  private final BenchStack stack;
  private final DesiredState desired;
  private final MariaDbShell db;
  private final StoreLocations stores = new StoreLocations(Map.of());
  private final Path dump;

  private final BackupRef backup;
  private final Map<String, String> raw = Map.of("MYSQL_PWD", BenchStack.PASSWORD);
  private String rowsAfterRestore;
  /** How long the mariadb client may restore before it is stopped, in seconds; 0: as long as it takes. */
  private final long clientLimit;

  /**
   * {@code bufferPool}: the server's buffer pool while the restores run, in bytes; 0 for its default;
   * {@code clientLimit}: seconds after which the mariadb client's restore is stopped, 0 for none.
   */
  DatabaseBench(Path dir, long size, BenchDump.Shape shape, long bufferPool, int runs, List<Integer> loaders,
      long clientLimit) throws IOException {
    this.size = size;
    this.clientLimit = clientLimit;
    this.shape = shape;
    this.bufferPool = bufferPool;
    this.runs = runs;
    this.loaders = loaders;
    stack = new BenchStack(dir);
    desired = stack.desired("db");
    try (ActivityHarness harness = new ActivityHarness()) {
      StackHostActivities host = harness.hostSteps(stack);
      host.prepareHost(desired);
      host.startDatabase(desired);
    }
    db = new MariaDbShell(new ContainerExec(TestEnvironment.docker(), TestEnvironment.dockerHost()), stack.dbContainer(),
        BenchStack.PASSWORD);
    if (bufferPool > 0) {
      resizeBufferPool(bufferPool);
    }
    dump = dir.resolve("bench-" + shape.key + "-" + size + ".sql.zst");
    Bench.log("generating a " + Bench.human(size) + " dump of shape " + shape.key + " into " + dump);
    BenchDump generated = new BenchDump(size, shape);
    try (Writer out = new OutputStreamWriter(new ZstdOutputStream(new BufferedOutputStream(Files.newOutputStream(dump),
        1 << 20), 3), StandardCharsets.UTF_8)) {
      generated.writeTo(out);
    }
    tables = generated.tables();
    backup = store(dump);
  }

  /** Resizes the buffer pool online and waits until the server has done so. */
  private void resizeBufferPool(long bytes) {
    db.query("SET GLOBAL innodb_buffer_pool_size = " + bytes);
    for (int look = 0; look < 120; look++) {
      if (Long.parseLong(db.query("SELECT @@global.innodb_buffer_pool_size").get(0).strip()) >= bytes
          && !String.join("", db.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_resize_status'"))
              .toLowerCase(java.util.Locale.ROOT).contains("resizing")) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the buffer pool did not grow to " + Bench.human(bytes) + " within a minute");
  }

  /** The shape and the buffer pool, as the lines name them. */
  private String described() {
    return shape.key + " shape: " + shape.description + "; buffer pool "
        + (bufferPool > 0 ? Bench.human(bufferPool) : "128 MiB");
  }

  private BackupRef store(Path part) throws IOException {
    BackupStore store = stores.backupStore(desired.stack().customer(), desired.stack().backup().store());
    String id = "20261201T020000Z-bench" + size;
    BackupManifest.Part written;
    try (InputStream in = Files.newInputStream(part)) {
      written = store.writePart(stack.customer, id, "db.sql.zst", in);
    }
    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, id, "backup", stack.customer, "1.1.0", "2",
        "c0ffee110", "bench", "2026-12-01T02:00:00Z", List.of(written), null);
    store.writeManifest(manifest);
    return new BackupRef(desired.stack().backup().store(), stack.customer, id, "1.1.0", "2", manifest.createdAt(),
        written.size());
  }

  /** The rows the tables hold now, as InnoDB estimates them: how far a stopped restore got. */
  private String loadedRows() {
    return String.join("", db.query("SELECT COALESCE(SUM(table_rows), 0) FROM information_schema.tables "
        + "WHERE table_schema = 'demo'")).strip();
  }

  /**
   * Ends the sessions a stopped client left (its statement in flight, or the client inside the container not yet at
   * the end of its input), and waits until they are gone, so that nothing writes into the next restore.
   */
  private void endOtherSessions() {
    for (int look = 0; look < 120; look++) {
      List<String> ids = db.query("SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID() "
          + "AND user = 'root' AND command <> 'Daemon'").stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
      if (ids.isEmpty()) {
        return;
      }
      for (String id : ids) {
        try {
          db.query("KILL " + id);
        } catch (RuntimeException gone) {
          // ended between the listing and the KILL
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the stopped client's sessions did not end within a minute");
  }

  private void emptyDatabase() {
    db.query("DROP DATABASE IF EXISTS demo; CREATE DATABASE demo; DROP DATABASE IF EXISTS stackpilot");
  }

  /** The same rows and indexes after every restore, whoever restored them. */
  private void checkRows() {
    String rows = String.join(" ", db.query("SELECT CONCAT_WS(' ', " + String.join(", ", tables.keySet().stream()
        .map(t -> "(SELECT COUNT(*) FROM demo.`" + t + "`)").toList()) + ")"))
        + " indexes " + String.join(" ", db.query("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = 'demo'"))
        + " keys " + String.join(" ", db.query("SELECT COUNT(*) FROM information_schema.referential_constraints "
        + "WHERE constraint_schema = 'demo'"));
    if (rowsAfterRestore == null) {
      rowsAfterRestore = rows;
    } else if (!rowsAfterRestore.equals(rows)) {
      throw new IllegalStateException("restores disagree: " + rowsAfterRestore + " against " + rows);
    }
  }

  private DataHostActivities dataSteps(TestActivityEnvironment temporal, int restoreLoaders) {
    temporal.registerActivitiesImplementations(new DataHostActivitiesImpl(TestEnvironment.docker(),
        TestEnvironment.dockerHost(), stack.applier, stack.secrets, stores, TestEnvironment.releasesDir().toString(),
        stack.stacksDir(), restoreLoaders));
    return temporal.newActivityStub(DataHostActivities.class);
  }

  /** The generated dump, compressed: the part every restore reads. */
  Path dump() {
    return dump;
  }

  /**
   * The restore with each number of loaders, the mariadb client and the server's ceiling ({@link LoadDataCeiling}, as
   * many sessions as the most loaders), interleaved run by run.
   */
  List<Measurement> restore() {
    String client = "zstd -dc " + dump + " | docker exec -i -e MYSQL_PWD " + stack.dbContainer() + " mariadb -uroot demo";
    List<Measurement> lines = new ArrayList<>();
    for (int n : loaders) {
      lines.add(new Measurement("restore " + Bench.human(size) + " of generated SQL (" + Bench.human(backup.sizeBytes())
          + " compressed), " + described() + "; " + n + (n == 1 ? " loader" : " loaders"),
          "RestoreIfEmpty (fetch, verify, decompress, load)",
          "`zstd -dc dump.sql.zst | docker exec -i db mariadb db`", "≥ 2× faster", 2.0));
    }
    int most = loaders.stream().mapToInt(Integer::intValue).max().orElse(1);
    Measurement ceiling = new Measurement("the server's ceiling for the same rows (" + shape.key + " shape, buffer pool "
        + (bufferPool > 0 ? Bench.human(bufferPool) : "128 MiB") + ")", "RestoreIfEmpty, " + most + " loaders",
        "`LOAD DATA INFILE` from files in the container, " + most + " sessions, indexes and keys added after (a table "
            + "of one file keeps its non-unique indexes)",
        "reference (how far from this machine's limit)", Double.NaN);
    LoadDataCeiling server = null;
    for (int run = 1; run <= runs; run++) {
      emptyDatabase();
      Bench.log("restore " + Bench.human(size) + " " + shape.key + " run " + run + ": mariadb client");
      double theirs;
      if (clientLimit == 0) {
        theirs = Shell.timed(() -> Shell.run(client, raw));
        checkRows();
      } else {
        boolean[] ended = new boolean[1];
        theirs = Shell.timed(() -> ended[0] = Shell.runWithin(client, raw, clientLimit));
        if (ended[0]) {
          checkRows();
        } else {
          Bench.log("the mariadb client was stopped after " + clientLimit + " s, " + loadedRows() + " rows in");
          lines.forEach(line -> line.theirsStopped = true);
          endOtherSessions();
          if (server == null) {
            // The ceiling's files are written from the loaded tables: the whole database, not the stopped client's part.
            loadOnce();
          }
        }
      }
      if (server == null) {
        Bench.log("writing the rows of " + shape.key + " into files in the database container");
        server = new LoadDataCeiling(db, stack.dbContainer(), tables, most, stack.dir, raw);
      }
      emptyDatabase();
      Bench.log("restore " + Bench.human(size) + " " + shape.key + " run " + run + ": LOAD DATA INFILE");
      ceiling.theirs.add(server.load());
      checkRows();
      for (int i = 0; i < loaders.size(); i++) {
        Measurement line = lines.get(i);
        line.theirs.add(theirs);
        emptyDatabase();
        Bench.log("restore " + Bench.human(size) + " " + shape.key + " run " + run + ": RestoreIfEmpty, "
            + loaders.get(i) + " loaders");
        try (ActivityHarness harness = new ActivityHarness();
             PeakHeap heap = new PeakHeap()) {
          TestActivityEnvironment temporal = harness.env;
          DataHostActivities steps = dataSteps(temporal, loaders.get(i));
          double ours = Shell.timed(() -> Bench.log(steps.restoreIfEmpty(desired, backup, false).reason()));
          line.ours.add(ours);
          if (loaders.get(i) == most) {
            ceiling.ours.add(ours);
          }
          line.peakHeapBytes = Math.max(line.peakHeapBytes, heap.peak());
        }
        checkRows();
      }
    }
    lines.add(ceiling);
    return lines;
  }

  /**
   * The backup of the restored database: Stackpilot's step against mariadb-dump piped through zstd; then the check of
   * what was written (read back, digested, its tables fingerprinted) against reading the file back through zstd and
   * sha256sum.
   */
  List<Measurement> backup() {
    if (rowsAfterRestore == null) {
      loadOnce();
    }
    Measurement line = new Measurement("backup of the same database", "UploadBackupParts (dump over sessions sharing "
        + "a snapshot, compress side by side, upload, digest)",
        "`docker exec db mariadb-dump --single-transaction db | zstd -3 > file`", "≥ 1.5× faster", 1.5);
    Measurement verify = new Measurement("verify that backup", "VerifyBackupParts (read back, digest, fingerprint each table)",
        "`zstd -dc file | sha256sum`", "≤ 2× the raw time", 1 / 2.0);
    Path file = stack.dir.resolve("raw-dump.sql.zst");
    String dumpCommand = "docker exec -e MYSQL_PWD " + stack.dbContainer()
        + " mariadb-dump -uroot --single-transaction demo | zstd -3 -q -f -o " + file;
    for (int run = 1; run <= runs; run++) {
      Bench.log("backup " + Bench.human(size) + " run " + run);
      line.theirs.add(Shell.timed(() -> Shell.run(dumpCommand, raw)));
      String id = String.format("20261201T0300%02dZ-bench", run);
      try (ActivityHarness harness = new ActivityHarness();
           PeakHeap heap = new PeakHeap()) {
        TestActivityEnvironment temporal = harness.env;
        DataHostActivities steps = dataSteps(temporal, 0);
        temporal.registerActivitiesImplementations(new StoreActivitiesImpl(stores, TestEnvironment.releasesDir().toString()));
        StoreActivities store = temporal.newActivityStub(StoreActivities.class);
        BackupParts[] parts = new BackupParts[1];
        line.ours.add(Shell.timed(() -> parts[0] = steps.uploadBackupParts(desired, id)));
        line.peakHeapBytes = Math.max(line.peakHeapBytes, heap.peak());
        Bench.log("verify backup " + Bench.human(size) + " run " + run);
        verify.theirs.add(Shell.timed(() -> Shell.run("zstd -dc " + file + " | sha256sum", raw)));
        verify.ours.add(Shell.timed(() -> store.verifyBackupParts(parts[0])));
        verify.peakHeapBytes = Math.max(verify.peakHeapBytes, heap.peak());
      }
    }
    return List.of(line, verify);
  }

  /** The generated database loaded by the engine, untimed: what a backup alone dumps. */
  private void loadOnce() {
    emptyDatabase();
    Bench.log("loading the " + Bench.human(size) + " " + shape.key + " database for the backups");
    try (ActivityHarness harness = new ActivityHarness()) {
      Bench.log(dataSteps(harness.env, 0).restoreIfEmpty(desired, backup, false).reason());
    }
    checkRows();
  }

  @Override
  public void close() {
    stack.remove();
    try {
      Files.deleteIfExists(dump);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
