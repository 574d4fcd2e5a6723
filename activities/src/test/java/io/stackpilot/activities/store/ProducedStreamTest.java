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
}
