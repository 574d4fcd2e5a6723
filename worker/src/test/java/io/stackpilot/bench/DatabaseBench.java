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
 * Restore and backup of one generated database, Stackpilot's steps side by side with the raw tools, on the same
 * database container (sizing large: 2 CPUs, 4 GB) and the same compressed dump.
 */
final class DatabaseBench implements AutoCloseable {

  private final long size;
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

  DatabaseBench(Path dir, long size, int runs, List<Integer> loaders) throws IOException {
    this.size = size;
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
    dump = dir.resolve("bench-" + size + ".sql.zst");
    Bench.log("generating a " + Bench.human(size) + " dump into " + dump);
    try (Writer out = new OutputStreamWriter(new ZstdOutputStream(new BufferedOutputStream(Files.newOutputStream(dump),
        1 << 20), 3), StandardCharsets.UTF_8)) {
      new BenchDump(size).writeTo(out);
    }
    backup = store(dump);
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

  private void emptyDatabase() {
    db.query("DROP DATABASE IF EXISTS demo; CREATE DATABASE demo; DROP DATABASE IF EXISTS stackpilot");
  }

  /** The same rows after every restore, whoever restored them. */
  private void checkRows() {
    String rows = String.join(" ", db.query("SELECT (SELECT COUNT(*) FROM demo.calls), (SELECT COUNT(*) FROM demo.call_logs), "
        + "(SELECT COUNT(*) FROM demo.accounts), (SELECT COUNT(*) FROM demo.invoices)"));
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

  /** The restore with each number of loaders, and the mariadb client, interleaved run by run. */
  List<Measurement> restore() {
    String client = "zstd -dc " + dump + " | docker exec -i -e MYSQL_PWD " + stack.dbContainer() + " mariadb -uroot demo";
    List<Measurement> lines = new ArrayList<>();
    for (int n : loaders) {
      lines.add(new Measurement("restore " + Bench.human(size) + " of generated SQL (" + Bench.human(backup.sizeBytes())
          + " compressed), " + n + (n == 1 ? " loader" : " loaders"), "RestoreIfEmpty (fetch, verify, decompress, load)",
          "`zstd -dc dump.sql.zst | docker exec -i db mariadb db`", "≥ 1.5× faster on 2 cores", 1.5));
    }
    for (int run = 1; run <= runs; run++) {
      emptyDatabase();
      Bench.log("restore " + Bench.human(size) + " run " + run + ": mariadb client");
      double theirs = Shell.timed(() -> Shell.run(client, raw));
      checkRows();
      for (int i = 0; i < loaders.size(); i++) {
        Measurement line = lines.get(i);
        line.theirs.add(theirs);
        emptyDatabase();
        Bench.log("restore " + Bench.human(size) + " run " + run + ": RestoreIfEmpty, " + loaders.get(i) + " loaders");
        try (ActivityHarness harness = new ActivityHarness();
             PeakHeap heap = new PeakHeap()) {
          TestActivityEnvironment temporal = harness.env;
          DataHostActivities steps = dataSteps(temporal, loaders.get(i));
          line.ours.add(Shell.timed(() -> steps.restoreIfEmpty(desired, backup, false)));
          line.peakHeapBytes = Math.max(line.peakHeapBytes, heap.peak());
        }
        checkRows();
      }
    }
    return lines;
  }

  /**
   * The backup of the restored database: Stackpilot's step against mariadb-dump piped through zstd; then the check of
   * what was written (read back, digested, its tables fingerprinted) against reading the file back through zstd and
   * sha256sum.
   */
  List<Measurement> backup() {
    Measurement line = new Measurement("backup of the same database", "UploadBackupParts (dump, compress, upload, digest)",
        "`docker exec db mariadb-dump --single-transaction db | zstd -3 > file`", "≤ 1.1× the raw time", 1 / 1.1);
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
