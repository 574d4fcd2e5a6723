package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host agent's worker process is killed (SIGKILL) in the middle of a restore and started again: the run goes
 * on where it was, the restore is redone from a clean database, and the data is complete. Temporal and the
 * control worker run in this test's JVM; the host agent in a process of its own, started as
 * bin/stackpilot-worker starts it. (The control worker stays up: Temporal's test server never times out a
 * workflow task on the sticky queue of a dead worker, which a real server does after five seconds.)
 */
class CrashRecoveryIT {

  private static final String CHECKSUM = "SELECT CONCAT(COUNT(*), ':', SUM(CRC32(payload))) FROM demo.bulk";

  private final DockerClient docker = TestEnvironment.docker();

  @TempDir
  Path temp;

  private TestStack stack;
  private StackpilotWorker control;
  private Process worker;

  @AfterEach
  void down() throws Exception {
    if (worker != null) {
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (control != null) {
      control.close();
    }
    if (stack != null) {
      stack.remove(docker);
    }
  }

  @Test
  void workerKilledDuringRestoreIsRestartedAndTheRunCompletesWithAllData() throws Exception {
    stack = new TestStack(temp);
    int webPort = TestStack.freePort();
    stack.commit("1.0.0", "it-crash", webPort);
    stack.temporalPort = TestStack.freePort();
    control = new StackpilotWorker(new WorkerConfig(new WorkerConfig.Temporal(null, "default", null, null, null),
        List.of("control"), null, null, null, temp.resolve("git-cache"), TestStack.releases().toString(),
        java.util.Map.of(), List.of(), List.of(), null), stack.temporalPort);
    control.start();
    Path config = temp.resolve("worker.yaml");
    Files.writeString(config, String.join("\n",
        "temporal: { address: \"127.0.0.1:" + stack.temporalPort + "\" }",
        "roles: [host-agent]",
        "host: it-crash",
        "docker: { host: \"" + TestEnvironment.dockerHost() + "\" }",
        "stacksDir: " + temp.resolve("stacks"),
        "gitCacheDir: " + temp.resolve("git-cache"),
        "releaseStore: " + TestStack.releases(),
        ""));
    worker = startWorker(config, "first");

    TestStack.Cli install = stack.stackctl("install", stack.customer, "--repo", stack.repoUrl(), "--wait");
    assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
    MariaDbShell db = new MariaDbShell(new ContainerExec(docker, TestEnvironment.dockerHost()), stack.customer + "-db-1", "wk-secret");
    db.query("CREATE TABLE demo.bulk (id INT PRIMARY KEY, payload TEXT NOT NULL)");
    db.query("INSERT INTO demo.bulk SELECT seq, HEX(RANDOM_BYTES(1024)) FROM demo.seq_1_to_150000");
    String before = db.query(CHECKSUM).get(0);
    assertThat(stack.stackctl("backup", stack.customer, "--repo", stack.repoUrl(), "--wait").exitCode()).isZero();
    stack.remove(docker);

    assertThat(stack.stackctl("install", stack.customer, "--repo", stack.repoUrl()).exitCode()).isZero();
    awaitRestoreUnderWay();
    worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(worker.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    worker = startWorker(config, "second");
    TestStack.Cli watch = stack.stackctl("watch", stack.customer);

    assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
    assertThat(watch.out()).contains("restore if empty: done");
    assertThat(db.query(CHECKSUM)).containsExactly(before);
    assertThat(db.query("SELECT state FROM stackpilot.restores WHERE app_database = 'demo'")).containsExactly("complete");
    assertThat(TestStack.get(webPort, "/version")).isEqualTo("1.0.0\n");
  }

  /** Waits until the restore step runs and has reported progress, so the kill lands in the middle of it. */
  private void awaitRestoreUnderWay() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      TestStack.Cli status = stack.stackctl("status", stack.customer, "--output", "json");
      if (status.out().contains("\"step\":\"restore if empty\"")) {
        Thread.sleep(1500);
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the restore never started: " + stack.stackctl("status", stack.customer).out());
  }

  private Process startWorker(Path config, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The worker's own logging configuration, not the tests': its log says when it polls.
    String logging = "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath();
    List<String> command = List.of(java, "-Xmx256m", logging, "-cp", System.getProperty("java.class.path"),
        StackpilotWorker.class.getName(), "--config", config.toString());
    Path log = temp.resolve("worker-" + name + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    for (int i = 0; i < 600; i++) {
      if (Files.exists(log) && Files.readString(log).contains("polling host-it-crash")) {
        return process;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the worker ended with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the worker did not start polling within 60 s:\n" + Files.readString(log));
  }
}
