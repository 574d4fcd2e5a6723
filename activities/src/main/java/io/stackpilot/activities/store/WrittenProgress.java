package io.stackpilot.activities.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Reports how much a producer has written, from the thread that writes, at most once a second: the counterpart of
 * {@link Progress} for bytes that are compressed before they reach the store, where the compressor's buffering would
 * hold back a slow producer's progress for longer than a heartbeat timeout.
 */
public final class WrittenProgress extends FilterOutputStream {

  private static final long EVERY_NANOS = 1_000_000_000L;

  private final String what;
  private final Consumer<String> report;
  private long written;
  private long lastReport = System.nanoTime();

  public WrittenProgress(OutputStream out, String what, Consumer<String> report) {
    super(out);
    this.what = what;
    this.report = report;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    advance(1);
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    out.write(buffer, offset, length);
    advance(length);
  }

  private void advance(int n) {
    written += n;
    long now = System.nanoTime();
    if (now - lastReport >= EVERY_NANOS) {
      lastReport = now;
      report.accept(what + ": " + written + " bytes");
    }
  }
}
