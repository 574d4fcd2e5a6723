package io.stackpilot.worker.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.stackpilot.worker.dashboard.FleetReader;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's gauges on the control worker's /metrics: read from Temporal every {@code every} — the stacks' latest runs,
 * their loops' and archives' status queries, the hosts' leases — so that they say the same after a restart of the worker as before it
 * (nothing is counted in memory). A stack that is gone from Temporal is gone from the gauges.
 */
public final class FleetGauges implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(FleetGauges.class);

  private final Supplier<FleetReader.Observation> fleet;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();
  /** A counter's series by name and labels, with the value last read; a series no longer read is removed. */
  private final Map<FleetSeries.Sample, CounterSeries> counters = new HashMap<>();

  /** A counter whose count is kept elsewhere (in a loop's state) and read from there. */
  private static final class CounterSeries {
    private volatile double value;
    private FunctionCounter meter;
  }
  private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "stackpilot-fleet-gauges");
    thread.setDaemon(true);
    return thread;
  });

  /** Makes a reading's changes to the meters, all at once as scrapes see them (MetricsEndpoint::atomically). */
  private final Consumer<Runnable> atomically;

  /**
   * {@code fleet}: reads every stack's state (FleetReader::observe); {@code atomically}: makes a reading's changes to
   * {@code registry} as one (MetricsEndpoint::atomically).
   */
  public FleetGauges(Supplier<FleetReader.Observation> fleet, MeterRegistry registry, Clock clock,
      Consumer<Runnable> atomically) {
    this.atomically = atomically;
    this.fleet = fleet;
    this.clock = clock;
    this.registry = registry;
    for (FleetSeries.Name name : FleetSeries.NAMES) {
      if (!FleetSeries.COUNTERS.contains(name)) {
        gauges.put(name.name(), MultiGauge.builder(name.name()).description(name.help()).register(registry));
      }
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
      atomically.accept(() -> {
        // Counters first, each with its value before it is registered: where scrapes are not held off, one in the
        // middle of a reading that shows a stack's new gauges shows its counters too, never missing or at a false zero.
        counters(samples);
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
      });
    } catch (RuntimeException e) {
      log.warn("reading the fleet for its metrics failed: {}", e.getMessage());
    }
  }

  private void counters(List<FleetSeries.Sample> samples) {
    Map<FleetSeries.Sample, CounterSeries> read = new HashMap<>();
    for (FleetSeries.Sample sample : samples) {
      FleetSeries.COUNTERS.stream().filter(c -> c.name().equals(sample.name())).findFirst().ifPresent(name -> {
        FleetSeries.Sample key = new FleetSeries.Sample(sample.name(), sample.labels(), 0);
        CounterSeries series = counters.remove(key);
        if (series == null) {
          CounterSeries added = new CounterSeries();
          added.value = sample.value();
          added.meter = FunctionCounter.builder(name.name().replaceFirst("_total$", ""), added, c -> c.value)
              .description(name.help()).tags(Tags.of(sample.labels().entrySet().stream()
                  .map(e -> Tag.of(e.getKey(), e.getValue())).toList())).register(registry);
          series = added;
        }
        series.value = sample.value();
        read.put(key, series);
      });
    }
    counters.values().forEach(gone -> registry.remove(gone.meter));
    counters.clear();
    counters.putAll(read);
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
