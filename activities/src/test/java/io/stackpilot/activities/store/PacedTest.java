package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Paced streams pass every byte unchanged and never faster than their rate (a lower bound only: slow is allowed). */
class PacedTest {

  private static final byte[] BYTES = new byte[2_000_000];

  static {
    new Random(7).nextBytes(BYTES);
  }

  @Test
  void aPacedOutputWritesEveryByteAndTakesAtLeastItsShareOfASecond() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    long started = System.nanoTime();
    try (OutputStream out = Paced.output(sink, 8_000_000)) {
      for (int at = 0; at < BYTES.length; at += 65_536) {
        out.write(BYTES, at, Math.min(65_536, BYTES.length - at));
      }
    }

    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("2 MB at 8 MB/s").isGreaterThan(Duration.ofMillis(240));
    assertThat(sink.toByteArray()).isEqualTo(BYTES);
  }

  @Test
  void aPacedInputReadsEveryByteAndTakesAtLeastItsShareOfASecond() throws Exception {
    long started = System.nanoTime();
    byte[] read;
    try (InputStream in = Paced.input(new ByteArrayInputStream(BYTES), 8_000_000)) {
      read = in.readAllBytes();
    }

    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("2 MB at 8 MB/s").isGreaterThan(Duration.ofMillis(240));
    assertThat(read).isEqualTo(BYTES);
    assertThatThrownBy(() -> Paced.input(InputStream.nullInputStream(), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
