package io.stackpilot.activities.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reports how far a stream has been read, from the thread that moves its bytes: at most once a second while
 * bytes flow, and at its end. A long step heartbeats through it, so its heartbeats stop exactly when its bytes
 * stop (Temporal sends at most one heartbeat per interval of its own, whatever is reported here).
 */
public final class Progress extends FilterInputStream {

  /** Size unknown: a stream being produced, such as a dump. */
  public static final long UNKNOWN = -1;

  private static final long EVERY_NANOS = 1_000_000_000L;

  private final String what;
  private final long size;
  private final Consumer<String> report;
  private long read;
  private long lastReport = System.nanoTime();
  private boolean ended;

  public Progress(InputStream in, String what, long size, Consumer<String> report) {
    super(in);
    this.what = what;
    this.size = size;
    this.report = report;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    advance(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    advance(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    read += skipped;
    return skipped;
  }

  public long bytesRead() {
    return read;
  }

  private void advance(int n) {
    if (n < 0) {
      if (!ended) {
        ended = true;
        report.accept(describe());
      }
      return;
    }
    read += n;
    long now = System.nanoTime();
    if (now - lastReport >= EVERY_NANOS) {
      lastReport = now;
      report.accept(describe());
    }
  }

  private String describe() {
    if (size == UNKNOWN) {
      return what + ": " + read + " bytes";
    }
    long percent = size == 0 ? 100 : Math.min(100, read * 100 / size);
    return what + ": " + read + " of " + size + " bytes (" + percent + "%)";
  }
}
