package io.stackpilot.activities.store;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Bytes moved no faster than a rate: work that runs beside a database (the binary log's archive) spreads its CPU over
 * the time it has instead of taking both cores in bursts that the database's commits wait behind.
 */
public final class Paced {

  private final long bytesPerSecond;
  private final long started = System.nanoTime();
  private long moved;

  private Paced(long bytesPerSecond) {
    if (bytesPerSecond < 1) {
      throw new IllegalArgumentException("a rate of at least one byte a second, not " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
  }

  /** {@code out}, written no faster than {@code bytesPerSecond}: the writer waits. */
  public static OutputStream output(OutputStream out, long bytesPerSecond) {
    Paced pace = new Paced(bytesPerSecond);
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        pace.after(1);
      }

      @Override
      public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        pace.after(length);
      }
    };
  }

  /** {@code in}, read no faster than {@code bytesPerSecond}: the reader waits. */
  public static InputStream input(InputStream in, long bytesPerSecond) {
    Paced pace = new Paced(bytesPerSecond);
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
          pace.after(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
          pace.after(n);
        }
        return n;
      }
    };
  }

  /** Waits until {@code n} more bytes are due. */
  private void after(long n) throws InterruptedIOException {
    moved += n;
    long due = (long) (moved * 1e9 / bytesPerSecond);
    long ahead = due - (System.nanoTime() - started);
    if (ahead > 1_000_000) {
      try {
        Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while pacing");
      }
    }
  }
}
