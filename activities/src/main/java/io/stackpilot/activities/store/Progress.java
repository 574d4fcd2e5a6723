package io.stackpilot.activities.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Reports how far a stream of known size has been read: every 16 MiB, and at its end. */
public final class Progress extends FilterInputStream {

  private static final long STEP = 16L << 20;

  private final String what;
  private final long size;
  private final Consumer<String> report;
  private long read;
  private long nextReport = STEP;
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

  private void advance(int n) {
    if (n < 0) {
      if (!ended) {
        ended = true;
        report.accept(describe());
      }
      return;
    }
    read += n;
    if (read >= nextReport) {
      nextReport = read + STEP;
      report.accept(describe());
    }
  }

  private String describe() {
    long percent = size == 0 ? 100 : Math.min(100, read * 100 / size);
    return what + ": " + read + " of " + size + " bytes (" + percent + "%)";
  }
}
