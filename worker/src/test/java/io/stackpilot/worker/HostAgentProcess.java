package io.stackpilot.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A host agent in a process of its own, started as bin/stackpilot-worker starts it, that a test can kill with
 * SIGKILL and start again: the way a host agent dies in production.
 */
final class HostAgentProcess implements AutoCloseable {

  private final Path config;
  private final Path logs;
  private final String host;
  private Process process;
  private int starts;

  /** {@code config}: the worker configuration file; {@code host}: the host it serves, to know when it polls. */
  HostAgentProcess(Path config, Path logs, String host) {
    this.config = config;
    this.logs = logs;
    this.host = host;
  }

  /** Starts the agent and returns once it polls its host's task queue. */
  HostAgentProcess start() throws Exception {
    starts++;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The worker's own logging configuration, not the tests': its log says when it polls.
    String logging = "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath();
    List<String> command = List.of(java, "-Xmx256m", logging, "-cp", System.getProperty("java.class.path"),
        StackpilotWorker.class.getName(), "--config", config.toString());
    Path log = log();
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    for (int i = 0; i < 600; i++) {
      if (Files.exists(log) && Files.readString(log).contains("polling host-" + host)) {
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
    return logs.resolve("worker-" + host + "-" + starts + ".log");
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
