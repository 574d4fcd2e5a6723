package io.stackpilot.activities.database;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reports that a step still runs while it waits on one long statement that moves no bytes of its own (a Flyway
 * migration altering a large table): the host agent's liveness, so that a dead agent is noticed within the step's
 * heartbeat timeout. The step's start-to-close timeout still bounds a statement that never ends.
 */
final class HeartbeatTicker implements AutoCloseable {

  private static final Duration EVERY = Duration.ofSeconds(10);

  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "stackpilot-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private final long started = System.nanoTime();

  HeartbeatTicker(String what, Consumer<String> progress) {
    ticker.scheduleAtFixedRate(() -> progress.accept(what + " (" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
        + " s)"), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
