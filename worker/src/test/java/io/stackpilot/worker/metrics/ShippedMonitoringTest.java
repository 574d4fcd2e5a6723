package io.stackpilot.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stackpilot.worker.dashboard.FleetReader;
import io.stackpilot.worker.interceptor.ActivityContext;
import io.stackpilot.worker.lease.HostAgentLease;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.ReconcileStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard under packaging/monitoring: the rules pass their promtool tests, and rules
 * and dashboard query only metrics a worker's /metrics really serves.
 */
class ShippedMonitoringTest {

  /** dev/test runs the worker module's tests from its directory. */
  private static final Path MONITORING = Path.of("..", "packaging", "monitoring");
  private static final Pattern METRIC = Pattern.compile("\\bstackpilot_[a-z0-9_]+");

  @Test
  void alertRulesPassTheirPromtoolTests() throws Exception {
    Process promtool;
    try {
      promtool = new ProcessBuilder("promtool", "test", "rules", "stackpilot-rules.test.yaml")
          .directory(MONITORING.toFile()).redirectErrorStream(true).start();
    } catch (IOException missing) {
      throw new AssertionError("promtool is not installed: dev/setup installs Debian's prometheus package, which has it "
          + "(apt-get install prometheus)", missing);
    }
    String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(promtool.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS");
  }

  @Test
  void rulesAndDashboardQueryOnlyMetricsTheWorkersServe() throws Exception {
    Set<String> served = served();
    List<String> queries = new ArrayList<>();
    for (JsonNode group : new YAMLMapper().readTree(MONITORING.resolve("stackpilot-rules.yaml").toFile()).get("groups")) {
      group.get("rules").forEach(rule -> queries.add(rule.get("expr").asText()));
    }
    JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("stackpilot-fleet.json").toFile());
    dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> queries.add(target.get("expr").asText())));

    Set<String> named = new TreeSet<>();
    for (String query : queries) {
      Matcher m = METRIC.matcher(query);
      while (m.find()) {
        named.add(m.group());
      }
    }
    assertThat(queries).hasSizeGreaterThan(20);
    assertThat(named).as("metrics the rules and the dashboard query").isNotEmpty();
    assertThat(served).as("what a control worker and a host agent serve").containsAll(named);
    assertThat(dashboard.get("uid").asText()).isEqualTo("stackpilot-fleet");
  }

  /** The names on /metrics of a control worker that read a stack with a loop and an archive, and of a host agent. */
  private static Set<String> served() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ReconcileStatus loop = new ReconcileStatus("acme", ReconcileStatus.WATCHING, false, null, "c0ffee1", "1.1.0", "acme-1",
        null, null, null, null, null, "20261204T020000Z-1a2b3c4d", "2026-12-04T02:00:00Z", "2026-12-05T02:00:00Z", null,
        null, null, null, null, null, "passed at 2026-12-04T03:00:00Z", null, "file:///git/acme.git", "main", 1024L, 12L,
        "2026-12-04T03:00:00Z", true, 30L, 3600L, 0, null, null);
    ArchiveStatus archive = new ArchiveStatus("acme", "archiving", "c0ffee1", "0a1b2c3d-lineage", "binlog.000007",
        "2026-12-04T09:58:30Z", "20261204T020000Z-1a2b3c4d", 0, null, null, "2026-12-04T09:59:00Z");
    try (FleetGauges gauges = new FleetGauges(() -> new FleetReader.Observation(
        List.of(new FleetReader.Observed("acme", "completed", io.stackpilot.workflows.api.FleetLoop.of(loop), archive)), List.of(new FleetReader.ObservedLease("acme-1",
        new io.stackpilot.workflows.api.HostLease("agent", "2026-12-04T00:00:00Z", "2026-12-04T09:59:00Z", 90, null,
        null))), List.of(new io.stackpilot.workflows.api.RolloutStatus("r-1", "1.1.0", "release=1.0.*", "running", 1, 2,
        null, null, List.of(new io.stackpilot.workflows.api.RolloutStack("acme", 1, "applying", "c1", null))))),
        registry, Clock.systemUTC(), Runnable::run)) {
      gauges.refresh();
    }
    Gauge.builder(HostAgentLease.POLLING_METRIC, () -> 1).tag("host", "acme-1").register(registry);
    Timer.builder(ActivityContext.METRIC).tag("step", "RestoreIfEmpty").tag("outcome", "completed").register(registry)
        .record(Duration.ofSeconds(1));
    return registry.scrape().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("[{ ]")[0]).collect(Collectors.toCollection(TreeSet::new));
  }
}
