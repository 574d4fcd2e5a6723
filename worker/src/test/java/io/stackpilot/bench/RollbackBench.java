package io.stackpilot.bench;

import io.stackpilot.activities.compose.ComposeRenderer;
import io.stackpilot.activities.compose.StackDirectory;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.RollbackDrill;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The rollback of an update in place on the second Docker Engine, from the safety backup the update took of a stack
 * holding the release's vanilla tables and the generated database: {@code stackctl rollback} until the stack answers
 * on the old release, against the same rollback by hand on a docker-compose stack of the same release, data and
 * limits — copy the safety dump, stop the services, load the dump with the mariadb client, {@code docker-compose up -d}
 * with the old release's file, wait for the web service.
 */
final class RollbackBench {

  private final Path dir;
  private final Path backup;
  private final long size;
  private final String engine2 = TestEnvironment.docker2Host();

  /** {@code generated}: the generated database's compressed dump; the installed stack adds the release's vanilla tables. */
  RollbackBench(Path dir, Path generated, long size) {
    this.dir = dir;
    this.size = size;
    this.backup = RecoveryBench.withVanilla("1.0.0", generated, dir.resolve("rollback-" + size + ".sql.zst"));
    Bench.log("the nightly backup the rollback's stack is installed from: vanilla 1.0.0 and " + Bench.human(size)
        + " of generated tables");
  }

  Measurement measure(int runs) throws Exception {
    Measurement line = new Measurement("rollback of an update in place, " + Bench.human(size) + " database, until "
        + "healthy on the old release", "`stackctl rollback --accept-data-loss`", "the same rollback by hand: copy the "
        + "safety dump, `docker-compose stop`, `zstd -dc | docker exec -i db mariadb`, `docker-compose up -d` with the "
        + "old release's file, wait for web", "faster", 1.0);
    for (int run = 1; run <= runs; run++) {
      Bench.log("rollback run " + run + ": stackctl rollback (after an install and an update, not timed)");
      RollbackDrill.Rollback ours;
      try (PeakHeap heap = new PeakHeap()) {
        ours = RollbackDrill.time(dir.resolve("rollback-" + run), backup, RecoveryBench.CHECK);
        line.peakHeapBytes = Math.max(line.peakHeapBytes, heap.peak());
      }
      line.ours.add(ours.seconds());
      Bench.log("rollback run " + run + ": by hand (after bringing up 1.1.0 with the same data, not timed)");
      line.theirs.add(byHand(new BenchStack(dir.resolve("by-hand-" + run)), ours.safetyPart(), ours.rows()));
    }
    return line;
  }

  /** The operator's rollback of a docker-compose stack, timed from the copy to the web service answering as 1.0.0. */
  private double byHand(BenchStack stack, Path safetyPart, String expected) throws Exception {
    Map<String, String> env = Map.of("MYSQL_PWD", BenchStack.PASSWORD);
    Path current = render(stack, "1.1.0");
    Path previous = render(stack, "1.0.0");
    String db = stack.dbContainer();
    String load = "zstd -dc " + safetyPart + " | docker -H " + engine2 + " exec -i -e MYSQL_PWD " + db + " mariadb -uroot demo";
    try {
      Shell.run(compose(stack, current, "up -d db"), env);
      Shell.run("until [ \"$(docker -H " + engine2 + " inspect -f '{{.State.Health.Status}}' " + db
          + ")\" = healthy ]; do sleep 0.2; done", env);
      Shell.run(load, env);
      Shell.run(compose(stack, current, "up -d"), env);
      awaitVersion(stack, "1.1.0", env);
      Path copy = stack.dir.resolve("safety.sql.zst");
      double seconds = Shell.timed(() -> {
        Shell.run("cp " + safetyPart + " " + copy, env);
        Shell.run(compose(stack, current, "stop web task-runner"), env);
        Shell.run("zstd -dc " + copy + " | docker -H " + engine2 + " exec -i -e MYSQL_PWD " + db + " mariadb -uroot demo",
            env);
        Shell.run(compose(stack, previous, "up -d"), env);
        awaitVersion(stack, "1.0.0", env);
      });
      String rows = Shell.run("docker -H " + engine2 + " exec -e MYSQL_PWD " + db + " mariadb -uroot -N -e \""
          + RecoveryBench.CHECK + "\"", env).strip();
      if (!rows.equals(expected)) {
        throw new IllegalStateException("the rollback by hand left " + rows + ", stackctl rollback " + expected);
      }
      return seconds;
    } finally {
      Shell.run(compose(stack, current, "down -v"), Map.of());
    }
  }

  /** The stack's compose project as rendered for {@code release}, in a directory of its own. */
  private Path render(BenchStack stack, String release) throws Exception {
    Path project = stack.dir.resolve(release).resolve(stack.customer);
    Files.createDirectories(project.getParent());
    StackDirectory.write(new ComposeRenderer(stack.secrets).render(stack.desiredOn(release, "db, web, task-runner"),
        project));
    return project.resolve("compose.yaml");
  }

  private String compose(BenchStack stack, Path file, String arguments) {
    return "DOCKER_HOST=" + engine2 + " docker-compose -p " + stack.customer + " -f " + file + " " + arguments;
  }

  private static void awaitVersion(BenchStack stack, String version, Map<String, String> env) {
    Shell.run("until [ \"$(curl -sf http://127.0.0.1:" + stack.webPort() + "/version)\" = " + version + " ]; do "
        + "sleep 0.2; done", env);
  }
}
