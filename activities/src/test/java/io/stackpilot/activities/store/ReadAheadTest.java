package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A stream read ahead on another thread gives every byte in order, its failures, and lets go of its source on close. */
class ReadAheadTest {

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(11).nextBytes(bytes);
    return bytes;
  }

  /** Several zstd frames one after another, as the parallel dump writes a part. */
  private static byte[] frames(byte[] text, int count) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int step = text.length / count;
    for (int i = 0; i < count; i++) {
      try (OutputStream frame = new ZstdOutputStream(new FilterOutputStream(out) {
        @Override
        public void close() {
          // the frame ends, the part goes on
        }
      }, 3)) {
        frame.write(text, i * step, i == count - 1 ? text.length - i * step : step);
      }
    }
    return out.toByteArray();
  }

  /** Counts what is read from it and whether it was closed. */
  private static final class Source extends FilterInputStream {
    final AtomicLong read = new AtomicLong();
    final AtomicBoolean closed = new AtomicBoolean();

    Source(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      read.addAndGet(Math.max(n, 0));
      return n;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void everyByteArrivesInOrderAcrossChunksAndFrames() throws Exception {
    byte[] text = random(5 * (1 << 20) + 12345);
    Source source = new Source(frames(text, 5));

    try (ReadAhead ahead = ReadAhead.decompressing(source)) {
      assertThat(ahead.read()).isEqualTo(text[0] & 0xff);
      assertThat(ahead.readAllBytes()).isEqualTo(Arrays.copyOfRange(text, 1, text.length));
      assertThat(ahead.read()).isEqualTo(-1);
    }
    assertThat(source.closed).isTrue();
  }

  @Test
  void aFailureOfTheReadingThreadIsTheCallersNextRead() {
    InputStream failing = new InputStream() {
      private int left = 3 << 20;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          throw new IOException("the store went away");
        }
        int n = Math.min(len, Math.min(left, 4096));
        left -= n;
        return n;
      }
    };

    assertThatThrownBy(() -> {
      try (ReadAhead ahead = ReadAhead.of(failing)) {
        ahead.readAllBytes();
      }
    }).isInstanceOf(IOException.class).hasMessage("the store went away");
  }

  @Test
  void closingEarlyReturnsOnceTheReadingThreadHasLeftAndClosedItsSource() throws Exception {
    byte[] text = random(40 << 20);
    Source source = new Source(text);
    ReadAhead ahead = ReadAhead.of(source);
    assertThat(ahead.readNBytes(1000)).isEqualTo(Arrays.copyOf(text, 1000));

    ahead.close();

    long atClose = source.read.get();
    assertThat(source.closed).isTrue();
    Thread.sleep(200);
    assertThat(source.read.get()).as("nothing read after close").isEqualTo(atClose);
    assertThat(atClose).as("a few chunks ahead, not the whole source").isLessThan(text.length);
  }
}
