package io.stackpilot.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker (a host agent or a control worker) in a process of its own, started as bin/stackpilot-worker starts it
 * (or by the launcher of a built distribution), that a test can kill with SIGKILL and start again: the way a worker
 * dies in production.
 */
final class WorkerProcess implements AutoCloseable {

  private final Path launcher;
  private final Path config;
  private final Path logs;
  private final String queue;
  private Process process;
  private int starts;

  /** {@code config}: the worker configuration file; {@code queue}: the task queue it serves, to know when it polls. */
  WorkerProcess(Path config, Path logs, String queue) {
    this(null, config, logs, queue);
  }

  /** As above, started by {@code launcher}: the bin/stackpilot-worker of a built distribution. */
  WorkerProcess(Path launcher, Path config, Path logs, String queue) {
    this.launcher = launcher;
    this.config = config;
    this.logs = logs;
    this.queue = queue;
  }

  /** Starts the worker and returns once it polls its task queue. */
  WorkerProcess start() throws Exception {
    starts++;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Main chooses the worker's own logging configuration by name, over the tests' on the same class path.
    List<String> command = launcher != null ? List.of(launcher.toString(), "--config", config.toString())
        : List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config",
            config.toString());
    Path log = log();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA", java);
    builder.environment().put("STACKPILOT_JAVA_OPTS", "-Xmx256m");
    process = builder.start();
    for (int i = 0; i < 600; i++) {
      if (Files.exists(log) && Files.readString(log).contains("polling " + queue)) {
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the worker ended with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the worker did not start polling within 60 s:\n" + Files.readString(log));
  }

  /** SIGKILL: no shutdown hook runs, running activities die with the process. Returns the exit status. */
  int kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    return process.exitValue();
  }

  Path log() {
    return logs.resolve("worker-" + queue + "-" + starts + ".log");
  }

  /** The last {@code lines} lines of its log, for a failure's message. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log());
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (java.io.IOException e) {
      return "(its log is unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
