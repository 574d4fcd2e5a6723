package io.stackpilot.activities.store;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a stream ahead on a thread of its own, a few megabytes at most, and hands it over in chunks of a megabyte:
 * reading, digesting and decompressing a part overlap with what the caller makes of its text, at one handover per
 * megabyte (a {@code PipedInputStream} hands over every write and wakes its reader at each). A failure of the reading
 * thread is the caller's next read's failure. {@link #close} stops the thread and returns once it no longer touches the
 * source, which it closes.
 */
public final class ReadAhead extends InputStream {

  private static final int CHUNK = 1 << 20;
  private static final int AHEAD = 4;
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Object END = new Object();

  private final BlockingQueue<Object> filled = new ArrayBlockingQueue<>(AHEAD + 1);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(AHEAD + 2);
  private final Thread reader;
  private volatile boolean stopped;
  private byte[] chunk;
  private int length;
  private int at;
  private boolean ended;

  private ReadAhead(InputStream source) {
    for (int i = 0; i < AHEAD + 2; i++) {
      free.add(new byte[CHUNK]);
    }
    reader = new Thread(() -> readAll(source), "stackpilot-read-ahead-" + THREADS.incrementAndGet());
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code source} read ahead as it is. */
  public static ReadAhead of(InputStream source) {
    return new ReadAhead(source);
  }

  /** {@code compressed} (zstd, any number of frames) decompressed ahead. */
  public static ReadAhead decompressing(InputStream compressed) {
    return new ReadAhead(new LazyZstd(compressed));
  }

  /** A chunk of {@code length} bytes in {@code bytes}. */
  private record Filled(byte[] bytes, int length) {}

  private void readAll(InputStream source) {
    try (InputStream in = source) {
      while (!stopped) {
        byte[] bytes = free.poll(100, TimeUnit.MILLISECONDS);
        if (bytes == null) {
          continue;
        }
        int n = in.readNBytes(bytes, 0, CHUNK);
        if (n == 0) {
          hand(END);
          return;
        }
        hand(new Filled(bytes, n));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException failure) {
      try {
        hand(failure);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Hands {@code item} over, unless the reader is stopped meanwhile. */
  private void hand(Object item) throws InterruptedException {
    while (!stopped && !filled.offer(item, 100, TimeUnit.MILLISECONDS)) {
      // the caller is still busy with what it has
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (chunk == null || at == length) {
      if (ended) {
        return -1;
      }
      next();
    }
    int n = Math.min(len, length - at);
    System.arraycopy(chunk, at, bytes, offset, n);
    at += n;
    return n;
  }

  private void next() throws IOException {
    if (chunk != null) {
      free.offer(chunk);
      chunk = null;
    }
    Object item;
    try {
      item = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading ahead");
    }
    if (item == END) {
      ended = true;
    } else if (item instanceof IOException failure) {
      ended = true;
      throw new IOException(failure.getMessage(), failure);
    } else if (item instanceof RuntimeException failure) {
      ended = true;
      throw new IOException(failure.getMessage(), failure);
    } else {
      Filled filledChunk = (Filled) item;
      chunk = filledChunk.bytes();
      length = filledChunk.length();
      at = 0;
    }
  }

  /** Stops the reading thread and waits until it has closed the source. */
  @Override
  public void close() throws IOException {
    stopped = true;
    filled.clear();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping a read-ahead");
    }
  }

  /** A zstd stream opened on the reading thread, so that the caller's thread never touches the source. */
  private static final class LazyZstd extends InputStream {
    private final InputStream compressed;
    private InputStream text;

    LazyZstd(InputStream compressed) {
      this.compressed = compressed;
    }

    private InputStream text() throws IOException {
      if (text == null) {
        text = new ZstdInputStream(compressed);
      }
      return text;
    }

    @Override
    public int read() throws IOException {
      return text().read();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      return text().read(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      if (text != null) {
        text.close();
      } else {
        compressed.close();
      }
    }
  }
}
