package io.stackpilot.worker.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Pages made by a workflow run each (a catalog, a plan): one refreshed often is reused for a minute, for at most
 * {@link #MAX_REUSED} keys, so that neither the runs nor the memory grow with the requests.
 */
final class ReusedPages {

  /** A catalog or plan is a workflow run each: a page refreshed often reuses the last for this long. */
  private static final Duration REUSE = Duration.ofSeconds(60);
  /** Pages reused at most: a catalog and a plan for each of this many stacks. */
  static final int MAX_REUSED = 2_000;

  private record Reused(Instant at, String html) {}

  private final Map<String, Reused> reused = new ConcurrentHashMap<>();
  private final Clock clock;

  ReusedPages(Clock clock) {
    this.clock = clock;
  }

  String get(String key, Supplier<String> make) {
    Reused last = reused.get(key);
    if (last != null && last.at().plus(REUSE).isAfter(clock.instant())) {
      return last.html();
    }
    String html = make.get();
    if (reused.size() >= MAX_REUSED) {
      reused.values().removeIf(r -> !r.at().plus(REUSE).isAfter(clock.instant()));
    }
    if (reused.size() < MAX_REUSED) {
      reused.put(key, new Reused(clock.instant(), html));
    }
    return html;
  }
}
