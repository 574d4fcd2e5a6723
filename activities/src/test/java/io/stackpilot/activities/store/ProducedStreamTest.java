package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProducedStreamTest {

  /** As an exec's output reaches a dump: written by a callback thread that ends before the producer closes the pipe. */
  private static void writtenByAnotherThread(OutputStream out, byte[] bytes) throws IOException {
    Thread callback = new Thread(() -> {
      try {
        out.write(bytes);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    callback.start();
    try {
      callback.join();
      // The producer looks at the outcome before it closes: the reader meanwhile finds the pipe empty.
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void bytesWrittenByAThreadThatEndedBeforeTheProducerAreReadToTheEnd() throws Exception {
    byte[] bytes = "-- dump\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    try (InputStream in = ProducedStream.start(out -> {
      writtenByAnotherThread(out, bytes);
      return null;
    })) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  @Test
  void aProducerThatFailsAfterItsWriterEndedFailsTheRead() throws Exception {
    try (InputStream in = ProducedStream.start(out -> {
      writtenByAnotherThread(out, new byte[100]);
      throw new IOException("mariadb-dump of demo failed (exit 2)");
    })) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
          .hasMessageContaining("mariadb-dump of demo failed (exit 2)");
    }
  }

  @Test
  void aReaderThatStopsEarlyWaitsUntilTheDecompressingThreadHasLeftItsSource() throws Exception {
    java.util.Random random = new java.util.Random(3);
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 400_000; i++) {
      rows.append("INSERT INTO t VALUES (").append(random.nextLong()).append(");\n");
    }
    byte[] text = rows.toString().getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
    try (OutputStream z = new com.github.luben.zstd.ZstdOutputStream(compressed, 3)) {
      z.write(text);
    }
    java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
    InputStream source = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(compressed.toByteArray())) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        read.addAndGet(Math.max(n, 0));
        return n;
      }
    };
    ProducedStream decompressed = ProducedStream.decompressing(source);
    assertThat(decompressed.readNBytes(1000)).isEqualTo(java.util.Arrays.copyOf(text, 1000));

    decompressed.stop();

    long atStop = read.get();
    Thread.sleep(200);
    assertThat(read.get()).as("nothing read from the source after stop()").isEqualTo(atStop);
    assertThat(atStop).as("stopped before the end").isLessThan(compressed.size());
  }
}
