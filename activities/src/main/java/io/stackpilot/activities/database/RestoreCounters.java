package io.stackpilot.activities.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the loader has done so far, read by the progress reporter on another thread. */
final class RestoreCounters {

  static final String LOADING_ROWS = "loading rows";

  final AtomicLong rows = new AtomicLong();
  /** Rows of {@link #rows} that went as tab-separated lines ({@code LOAD DATA LOCAL}), not as the dump's statements. */
  final AtomicLong delimitedRows = new AtomicLong();
  /** Rows of {@link #rows} that went as the parameters of prepared inserts. */
  final AtomicLong boundRows = new AtomicLong();
  final AtomicLong tables = new AtomicLong();
  final AtomicLong tablesDone = new AtomicLong();
  final AtomicReference<String> phase = new AtomicReference<>(LOADING_ROWS);
  /** Index builds running on the server now: work that moves no bytes and no rows, for minutes on a large table. */
  final AtomicLong building = new AtomicLong();
  private final List<String> times = new ArrayList<>();
  private long since = System.nanoTime();

  /** {@code what} has just ended: its time since the last mark (or since these counters were made) is kept. */
  synchronized void ended(String what) {
    long now = System.nanoTime();
    times.add(String.format(Locale.ROOT, "%s %.1f s", what, (now - since) / 1e9));
    since = now;
  }

  /** Where the time went, in order: "rows 12.1 s, indexes 6.3 s, foreign keys 0.2 s". */
  synchronized String times() {
    return String.join(", ", times);
  }
}
