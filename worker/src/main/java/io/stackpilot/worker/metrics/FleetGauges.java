package io.stackpilot.worker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.stackpilot.worker.dashboard.FleetReader;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's gauges on the control worker's /metrics: read from Temporal every {@code every} — the stacks' latest runs,
 * their loops' and archives' status queries — so that they say the same after a restart of the worker as before it
 * (nothing is counted in memory). A stack that is gone from Temporal is gone from the gauges.
 */
public final class FleetGauges implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(FleetGauges.class);

  private final Supplier<List<FleetReader.Observed>> fleet;
  private final Clock clock;
  private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();
  private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "stackpilot-fleet-gauges");
    thread.setDaemon(true);
    return thread;
  });

  /** {@code fleet}: reads every stack's state (FleetReader::observe). */
  public FleetGauges(Supplier<List<FleetReader.Observed>> fleet, MeterRegistry registry, Clock clock) {
    this.fleet = fleet;
    this.clock = clock;
    for (FleetSeries.Name name : FleetSeries.NAMES) {
      gauges.put(name.name(), MultiGauge.builder(name.name()).description(name.help()).register(registry));
    }
  }

  /** Reads the fleet now and then every {@code every}. */
  public FleetGauges start(Duration every) {
    reader.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One reading; a failed one leaves the gauges as they were, with their read time, so that staleness shows. */
  void refresh() {
    try {
      List<FleetSeries.Sample> samples = FleetSeries.of(fleet.get(), clock.instant());
      for (Map.Entry<String, MultiGauge> gauge : gauges.entrySet()) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (FleetSeries.Sample sample : samples) {
          if (sample.name().equals(gauge.getKey())) {
            rows.add(MultiGauge.Row.of(Tags.of(sample.labels().entrySet().stream()
                .map(e -> Tag.of(e.getKey(), e.getValue())).toList()), sample.value()));
          }
        }
        gauge.getValue().register(rows, true);
      }
    } catch (RuntimeException e) {
      log.warn("reading the fleet for its metrics failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
