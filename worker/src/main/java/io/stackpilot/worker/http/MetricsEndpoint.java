package io.stackpilot.worker.http;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Prometheus metrics of the worker: the Temporal SDK's (workflow and activity task latencies, polls, failures)
 * and Stackpilot's own, served as text on {@code http://<address>/metrics}.
 */
public final class MetricsEndpoint implements Closeable {

  public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  public final Scope sdkScope = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
      .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
  private final ReadWriteLock readings = new ReentrantReadWriteLock();

  /** Serves /metrics on {@code host:port} (port 0 picks a free one); returns the port it listens on. */
  public int serve(HttpEndpoints http, String address) {
    return http.serve(address, "metrics", Map.of("/metrics", exchange -> {
      try (exchange) {
        HttpEndpoints.reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
            scrape().getBytes(StandardCharsets.UTF_8));
      }
    }));
  }

  /** The metrics as Prometheus reads them; never in the middle of a change made {@link #atomically}. */
  public String scrape() {
    readings.readLock().lock();
    try {
      return registry.scrape();
    } finally {
      readings.readLock().unlock();
    }
  }

  /**
   * Makes {@code change} to the registry's meters as one: a scrape sees all of it or none of it (a reading of the
   * fleet registers and updates many series, and a stack half read would show its new drill verdict without the
   * drill's figures).
   */
  public void atomically(Runnable change) {
    readings.writeLock().lock();
    try {
      change.run();
    } finally {
      readings.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    try {
      sdkScope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // the last report is lost with the process anyway
    }
    registry.close();
  }
}
