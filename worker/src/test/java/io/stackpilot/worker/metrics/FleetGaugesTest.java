package io.stackpilot.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stackpilot.worker.dashboard.FleetReader;
import io.stackpilot.worker.http.MetricsEndpoint;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.ReconcileStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** How a reading of the fleet reaches /metrics while Prometheus may scrape at any moment. */
class FleetGaugesTest {

  private static final ReconcileStatus DRILLED = new ReconcileStatus("acme", ReconcileStatus.WATCHING, false, null,
      "c0ffee1", "1.1.0", "acme-1", null, null, null, null, null, "20261204T020000Z-1a2b3c4d", "2026-12-04T02:00:00Z",
      "2026-12-05T02:00:00Z", null, null, null, null, null, null, "passed at 2026-12-04T03:00:00Z", null,
      "file:///git/acme.git", "main", 1024L, 12L, "2026-12-04T03:00:00Z", true, 30L, 3600L, 3, null, null);

  private static FleetReader.Observation drilled() {
    return new FleetReader.Observation(List.of(new FleetReader.Observed("acme", "completed", FleetLoop.of(DRILLED),
        null)), List.of(), List.of());
  }

  /**
   * Even where scrapes are not held off, one that lands between two meters of a reading and shows a stack's drill
   * verdict shows the stack's failed-operations counter with the count its loop reported, never without it or at a
   * zero it never had.
   */
  @Test
  void aScrapeShowingAStacksGaugesShowsItsCounterWithItsCount() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<String> scrapedWhenTheDrillGaugeCame = new ArrayList<>();
    registry.config().onMeterAdded(meter -> {
      if (meter.getId().getName().equals("stackpilot_drill_passed")) {
        scrapedWhenTheDrillGaugeCame.add(registry.scrape());
      }
    });

    try (FleetGauges gauges = new FleetGauges(FleetGaugesTest::drilled, registry, Clock.systemUTC(), Runnable::run)) {
      gauges.refresh();
    }

    assertThat(scrapedWhenTheDrillGaugeCame).hasSize(1);
    assertThat(scrapedWhenTheDrillGaugeCame.get(0))
        .contains("stackpilot_operations_failed_total{customer=\"acme\"} 3.0");
    assertThat(registry.scrape()).contains("stackpilot_drill_passed{customer=\"acme\"} 1.0",
        "stackpilot_operations_failed_total{customer=\"acme\"} 3.0");
  }

  /**
   * The worker's /metrics waits for a reading in progress: a scrape asked for while the drill's verdict is registered
   * and its figures are not yet answers only after the reading, with all of them.
   */
  @Test
  void aScrapeDuringAReadingWaitsForAllOfIt() throws Exception {
    try (MetricsEndpoint endpoint = new MetricsEndpoint()) {
      List<CompletableFuture<String>> scrapes = new ArrayList<>();
      List<Boolean> answeredDuringTheReading = new ArrayList<>();
      endpoint.registry.config().onMeterAdded(meter -> {
        if (meter.getId().getName().equals("stackpilot_drill_passed")) {
          CompletableFuture<String> scrape = CompletableFuture.supplyAsync(endpoint::scrape);
          scrapes.add(scrape);
          try {
            scrape.get(500, TimeUnit.MILLISECONDS);
            answeredDuringTheReading.add(true);
          } catch (TimeoutException held) {
            answeredDuringTheReading.add(false);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      });

      try (FleetGauges gauges = new FleetGauges(FleetGaugesTest::drilled, endpoint.registry, Clock.systemUTC(),
          endpoint::atomically)) {
        gauges.refresh();
      }

      assertThat(answeredDuringTheReading).containsExactly(false);
      assertThat(scrapes.get(0).get(10, TimeUnit.SECONDS)).contains("stackpilot_drill_passed{customer=\"acme\"} 1.0",
          "stackpilot_drill_rto_seconds{customer=\"acme\"} 30.0", "stackpilot_drill_rpo_seconds{customer=\"acme\"} 3600.0",
          "stackpilot_operations_failed_total{customer=\"acme\"} 3.0");
    }
  }
}
