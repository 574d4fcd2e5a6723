package io.stackpilot.activities.database;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the loader has done so far, read by the progress reporter on another thread. */
final class RestoreCounters {

  static final String LOADING_ROWS = "loading rows";

  final AtomicLong rows = new AtomicLong();
  final AtomicLong tables = new AtomicLong();
  final AtomicLong tablesDone = new AtomicLong();
  final AtomicReference<String> phase = new AtomicReference<>(LOADING_ROWS);
  /** Index builds running on the server now: work that moves no bytes and no rows, for minutes on a large table. */
  final AtomicLong building = new AtomicLong();
}
