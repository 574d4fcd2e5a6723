package io.stackpilot.activities;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reports that a step still runs while it waits on work that moves no bytes of its own (a Flyway migration altering
 * a large table, Docker creating and starting containers): the host agent's liveness, so that a dead agent is noticed
 * within the step's heartbeat timeout. Steps that move data report from their streams instead, so a stalled stream
 * stops their heartbeats; the step's start-to-close timeout still bounds work that never ends. Reported every second
 * (Temporal sends at most one heartbeat per interval of its own), well inside any heartbeat timeout.
 */
public final class HeartbeatTicker implements AutoCloseable {

  private static final Duration EVERY = Duration.ofSeconds(1);
  /** How long a step's end waits for a report being sent, at most. */
  static final Duration LAST_REPORT = Duration.ofSeconds(2);

  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "stackpilot-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private final long started = System.nanoTime();

  public HeartbeatTicker(String what, Consumer<String> progress) {
    ticker.scheduleAtFixedRate(() -> progress.accept(what + " (" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
        + " s)"), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    stop(ticker);
  }

  /**
   * Stops a reporting thread without interrupting a report it is sending: an interrupted heartbeat fails its call to
   * Temporal, which the SDK logs as a warning with a stack trace ("Heartbeat failed … Thread interrupted") although
   * nothing failed. No report starts after this; one that does not end within {@link #LAST_REPORT} is interrupted.
   */
  public static void stop(ScheduledExecutorService reporter) {
    reporter.shutdown();
    try {
      if (!reporter.awaitTermination(LAST_REPORT.toMillis(), TimeUnit.MILLISECONDS)) {
        reporter.shutdownNow();
      }
    } catch (InterruptedException e) {
      reporter.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
