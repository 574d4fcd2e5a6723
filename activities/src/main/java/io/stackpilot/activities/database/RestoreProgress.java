package io.stackpilot.activities.database;

import io.stackpilot.activities.HeartbeatTicker;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The restore engine's progress, reported every second: bytes of the part read, rows loaded, tables done. Reported
 * only while something moves — bytes read or rows loaded — or while the server builds indexes and objects (a large
 * table's indexes take minutes while the rows behind them wait), so a restore stuck on its database stops
 * heartbeating and is retried.
 */
final class RestoreProgress implements AutoCloseable {

  private final String what;
  private final long size;
  private final int loaders;
  private final RestoreCounters counters;
  private final AtomicLong bytes = new AtomicLong();
  private final Consumer<String> report;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "stackpilot-restore-progress");
    thread.setDaemon(true);
    return thread;
  });
  private long lastBytes = -1;
  private long lastRows = -1;

  RestoreProgress(String what, long size, int loaders, RestoreCounters counters, Consumer<String> report) {
    this.what = what;
    this.size = size;
    this.loaders = loaders;
    this.counters = counters;
    this.report = report;
    ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** {@code in}, counted as it is read. */
  InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytes.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          bytes.addAndGet(n);
        }
        return n;
      }
    };
  }

  String describe() {
    long read = bytes.get();
    long percent = size <= 0 ? 100 : Math.min(100, read * 100 / size);
    return what + ": " + read + " of " + size + " bytes (" + percent + "%), " + counters.rows.get() + " rows, "
        + counters.tablesDone.get() + " of " + counters.tables.get() + " tables done, " + loaders + " loaders, "
        + counters.phase.get();
  }

  private synchronized void tick() {
    long read = bytes.get();
    long rows = counters.rows.get();
    boolean serverWork = !RestoreCounters.LOADING_ROWS.equals(counters.phase.get()) || counters.building.get() > 0;
    if (read != lastBytes || rows != lastRows || serverWork) {
      lastBytes = read;
      lastRows = rows;
      report.accept(describe());
    }
  }

  @Override
  public void close() {
    HeartbeatTicker.stop(ticker);
  }
}
