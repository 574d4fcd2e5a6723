package io.stackpilot.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stackpilot.worker.dashboard.FleetReader;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.ReconcileStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a reading of the fleet reaches /metrics while Prometheus may scrape at any moment. */
class FleetGaugesTest {

  /**
   * A scrape can land between two meters of one reading: once it shows a stack's drill gauges, it shows the stack's
   * failed-operations counter with the count its loop reported, never without it or at a zero it never had.
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
    ReconcileStatus loop = new ReconcileStatus("acme", ReconcileStatus.WATCHING, false, null, "c0ffee1", "1.1.0",
        "acme-1", null, null, null, null, null, "20261204T020000Z-1a2b3c4d", "2026-12-04T02:00:00Z",
        "2026-12-05T02:00:00Z", null, null, null, null, null, null, "passed at 2026-12-04T03:00:00Z", null,
        "file:///git/acme.git", "main", 1024L, 12L, "2026-12-04T03:00:00Z", true, 30L, 3600L, 3, null, null);

    try (FleetGauges gauges = new FleetGauges(() -> new FleetReader.Observation(
        List.of(new FleetReader.Observed("acme", "completed", FleetLoop.of(loop), null)), List.of(), List.of()),
        registry, Clock.systemUTC())) {
      gauges.refresh();
    }

    assertThat(scrapedWhenTheDrillGaugeCame).hasSize(1);
    assertThat(scrapedWhenTheDrillGaugeCame.get(0))
        .contains("stackpilot_operations_failed_total{customer=\"acme\"} 3.0");
    assertThat(registry.scrape()).contains("stackpilot_drill_passed{customer=\"acme\"} 1.0",
        "stackpilot_operations_failed_total{customer=\"acme\"} 3.0");
  }
}
