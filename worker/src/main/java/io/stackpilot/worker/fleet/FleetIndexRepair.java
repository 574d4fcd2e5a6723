package io.stackpilot.worker.fleet;

import io.stackpilot.client.FleetIndex;
import io.stackpilot.client.FleetListing;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.FleetUpdate;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the fleet index running and right: starts it when none runs, and now and then compares it with the namespace's
 * listing (the slow path) and sends what it misses — stacks whose runs began before the index, runs that were
 * terminated and could not say so. The runs themselves keep it current between repairs.
 */
public final class FleetIndexRepair implements AutoCloseable {

  /** How often the listing is read: the only part whose cost grows with every run the namespace keeps. */
  public static final Duration EVERY = Duration.ofMinutes(10);
  private static final Duration FIRST_ANSWER = Duration.ofSeconds(20);
  private static final Logger log = LoggerFactory.getLogger(FleetIndexRepair.class);

  private final WorkflowClient client;
  private final Clock clock;
  private final ExecutorService askers = Executors.newFixedThreadPool(4, daemon("stackpilot-fleet-repair-ask"));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("stackpilot-fleet-repair"));

  public FleetIndexRepair(WorkflowClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Repairs at once and then every {@code every}. */
  public FleetIndexRepair start(Duration every) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        repair();
      } catch (RuntimeException e) {
        log.warn("fleet index not repaired: {} (next try in {})", e.getMessage(), every);
      }
    }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One repair; returns how many stacks the index was told of. */
  public int repair() {
    FleetIndex index = new FleetIndex(client);
    if (index.start()) {
      log.info("started the fleet index ({})", StackNames.FLEET_INDEX);
    }
    long at = clock.millis();
    List<FleetUpdate> observed = new FleetListing(client, askers).read(true, at);
    Optional<List<FleetStack>> held = heldWithin(index, FIRST_ANSWER);
    if (held.isEmpty()) {
      // Seen on Temporal's test server (--dev): a query that meets the index's continue-as-new leaves its task open for
      // good. The readers fall back to the listing meanwhile; a new index, filled right here, ends that.
      log.warn("the fleet index ({}) did not answer within {}: ending it and starting a new one from the listing",
          StackNames.FLEET_INDEX, FIRST_ANSWER);
      index.restart("did not answer its query within " + FIRST_ANSWER + " at a repair");
      held = heldWithin(index, FIRST_ANSWER);
    }
    if (held.isEmpty()) {
      throw new IllegalStateException("the fleet index (" + StackNames.FLEET_INDEX + ") does not answer its query");
    }
    int sent = index.repair(observed, held.get());
    log.info("fleet index repaired: {} stacks listed, {} held, {} updated", observed.size(), held.get().size(), sent);
    return sent;
  }

  /** A newly started index answers once its first workflow task ran. */
  private static Optional<List<FleetStack>> heldWithin(FleetIndex index, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    Optional<List<FleetStack>> held = index.read();
    while (held.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      held = index.read();
    }
    return held;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    timer.shutdownNow();
    askers.shutdownNow();
  }
}
