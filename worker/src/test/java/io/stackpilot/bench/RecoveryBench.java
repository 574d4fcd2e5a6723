package io.stackpilot.bench;

import io.stackpilot.activities.compose.ComposeRenderer;
import io.stackpilot.activities.compose.StackDirectory;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.MigrationDrill;
import io.stackpilot.workflows.activities.DesiredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Disaster recovery end to end onto the second Docker Engine (the lost host never answers), from a nightly backup
 * holding the release's vanilla tables and the generated database: {@code stackctl migrate} until the stack is healthy,
 * against today's manual steps with the raw tools — copy the dump, start the database with docker-compose, wait
 * for it, load the dump with the mariadb client, start the rest, wait for the web service.
 */
final class RecoveryBench {

  static final String CHECK = "SELECT CONCAT((SELECT COUNT(*) FROM demo.calls), ' ', (SELECT COUNT(*) FROM demo.accounts))";

  private final Path dir;
  private final Path backup;
  private final long size;
  private final String engine2 = TestEnvironment.docker2Host();

  /** {@code generated}: the generated database's compressed dump; the backup adds the release's vanilla tables. */
  RecoveryBench(Path dir, Path generated, long size) {
    this.dir = dir;
    this.size = size;
    this.backup = withVanilla("1.1.0", generated, dir.resolve("recovery-" + size + ".sql.zst"));
    Bench.log("the nightly backup for the recovery: vanilla 1.1.0 and " + Bench.human(size) + " of generated tables");
  }

  /** {@code target}: one compressed dump of {@code release}'s vanilla tables and then the {@code generated} ones. */
  static Path withVanilla(String release, Path generated, Path target) {
    Path vanilla = TestEnvironment.releasesDir().resolve(release).resolve("vanilla/db.sql.zst");
    Shell.run("(zstd -dcq " + vanilla + "; zstd -dcq " + generated + ") | zstd -3 -q -f -o " + target, Map.of());
    return target;
  }

  /**
   * Two lines against the same manual runs: the lost host asked for a final backup for 5 s (the operator does not
   * know it is gone), and not asked (the operator knows: {@code --no-final-backup}), as the manual steps do not ask.
   */
  List<Measurement> measure(int runs) throws Exception {
    String manualSteps = "today's manual steps: copy the dump, `docker-compose up -d db`, wait, "
        + "`zstd -dc | docker exec -i db mariadb`, `docker-compose up -d`, wait for web";
    Measurement line = new Measurement("disaster recovery end to end, " + Bench.human(size) + " database, until healthy",
        "`stackctl migrate` to the second engine (the lost host given 5 s to answer)", manualSteps,
        "faster, and report the RTO", 1.0);
    Measurement known = new Measurement("disaster recovery end to end, " + Bench.human(size) + " database, until "
        + "healthy, the host known to be lost", "`stackctl migrate --no-final-backup` to the second engine", manualSteps,
        "≥ 2.5× faster", 2.5);
    String expected = null;
    for (int run = 1; run <= runs; run++) {
      Bench.log("recovery run " + run + ": manual steps");
      BenchStack manual = new BenchStack(dir.resolve("manual-" + run));
      try {
        double theirs = manual(manual);
        line.theirs.add(theirs);
        known.theirs.add(theirs);
        String rows = Shell.run("docker -H " + engine2 + " exec -e MYSQL_PWD " + manual.dbContainer()
            + " mariadb -uroot -N -e \"" + CHECK + "\"", Map.of("MYSQL_PWD", BenchStack.PASSWORD)).strip();
        if (expected != null && !expected.equals(rows)) {
          throw new IllegalStateException("manual recoveries disagree: " + expected + " against " + rows);
        }
        expected = rows;
      } finally {
        Shell.run(compose(manual, "down -v"), Map.of());
      }
      Bench.log("recovery run " + run + ": stackctl migrate");
      try (PeakHeap heap = new PeakHeap()) {
        line.ours.add(MigrationDrill.timeToHealthy(dir.resolve("drill-" + run), backup, CHECK, expected, true));
        line.peakHeapBytes = Math.max(line.peakHeapBytes, heap.peak());
      }
      Bench.log("recovery run " + run + ": stackctl migrate --no-final-backup");
      try (PeakHeap heap = new PeakHeap()) {
        known.ours.add(MigrationDrill.timeToHealthy(dir.resolve("known-" + run), backup, CHECK, expected, false));
        known.peakHeapBytes = Math.max(known.peakHeapBytes, heap.peak());
      }
    }
    return List.of(line, known);
  }

  private String compose(BenchStack stack, String arguments) {
    return "DOCKER_HOST=" + engine2 + " docker-compose -p " + stack.customer + " -f "
        + stack.stacksDir().resolve(stack.customer).resolve("compose.yaml") + " " + arguments;
  }

  /** The operations process's steps, as a person runs them, timed from the copy to the web service answering. */
  private double manual(BenchStack stack) throws IOException {
    DesiredState desired = stack.desired("db, web, task-runner");
    StackDirectory.write(new ComposeRenderer(stack.secrets).render(desired, stack.stacksDir().resolve(stack.customer)));
    Path copy = stack.dir.resolve("db.sql.zst");
    Files.createDirectories(stack.dir);
    String db = stack.dbContainer();
    Map<String, String> env = Map.of("MYSQL_PWD", BenchStack.PASSWORD);
    return Shell.timed(() -> {
      Shell.run("cp " + backup + " " + copy, env);
      Shell.run(compose(stack, "up -d db"), env);
      Shell.run("until [ \"$(docker -H " + engine2 + " inspect -f '{{.State.Health.Status}}' " + db
          + ")\" = healthy ]; do sleep 0.2; done", env);
      Shell.run("zstd -dc " + copy + " | docker -H " + engine2 + " exec -i -e MYSQL_PWD " + db + " mariadb -uroot demo", env);
      Shell.run(compose(stack, "up -d"), env);
      Shell.run("until curl -sf http://127.0.0.1:" + stack.webPort() + "/version >/dev/null; do sleep 0.2; done", env);
    });
  }
}
