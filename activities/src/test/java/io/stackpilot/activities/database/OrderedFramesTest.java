package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pieces written side by side end up in their order, with no more than the limit held per piece. */
class OrderedFramesTest {

  /** The output, read safely while pieces write. */
  private static final class Out extends ByteArrayOutputStream {
    synchronized String text() {
      return toString(StandardCharsets.US_ASCII);
    }
  }

  @Test
  void piecesWrittenSideBySideComeOutInTheirOrder() throws Exception {
    Out out = new Out();
    OrderedFrames frames = new OrderedFrames(out, 64);
    int count = 40;
    List<OrderedFrames.Piece> pieces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pieces.add(frames.piece(i));
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < count; i++) {
      expected.append("<between ").append(i).append('>').append(String.valueOf((char) ('a' + i % 26)).repeat(i * 37));
    }
    for (int w = 0; w < 4; w++) {
      writers.execute(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          try (OutputStream piece = pieces.get(i)) {
            byte[] letter = {(byte) ('a' + i % 26)};
            for (int b = 0; b < i * 37; b++) {
              piece.write(letter, 0, 1);
            }
          } catch (IOException e) {
            frames.fail(e);
          }
        }
      });
    }
    for (int i = 0; i < count; i++) {
      out.write(("<between " + i + ">").getBytes(StandardCharsets.US_ASCII));
      frames.awaitHead(pieces.get(i), () -> { });
    }
    writers.shutdown();
    assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(out.text()).isEqualTo(expected.toString());
  }

  @Test
  void aPieceBeyondTheHeadWaitsOnceItHoldsTheLimit() throws Exception {
    Out out = new Out();
    OrderedFrames frames = new OrderedFrames(out, 100);
    OrderedFrames.Piece first = frames.piece(0);
    OrderedFrames.Piece second = frames.piece(1);
    AtomicLong written = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    Thread ahead = new Thread(() -> {
      try (second) {
        for (int i = 0; i < 1000; i++) {
          second.write(new byte[] {'2'}, 0, 1);
          written.incrementAndGet();
        }
      } catch (IOException e) {
        frames.fail(e);
      }
      done.countDown();
    });
    ahead.start();
    while (ahead.getState() != Thread.State.WAITING && ahead.isAlive()) {
      Thread.sleep(5);
    }

    assertThat(written.get()).as("bytes taken before the head came").isEqualTo(100);
    assertThat(out.size()).isZero();
    Thread behind = new Thread(() -> {
      try (first) {
        first.write("1111".getBytes(StandardCharsets.US_ASCII), 0, 4);
      } catch (IOException e) {
        frames.fail(e);
      }
    });
    behind.start();
    frames.awaitHead(first, () -> { });
    frames.awaitHead(second, () -> { });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(out.text()).isEqualTo("1111" + "2".repeat(1000));
  }

  @Test
  void aFailedPieceIsNeverWrittenAsWhole() throws Exception {
    Out out = new Out();
    OrderedFrames frames = new OrderedFrames(out, 1 << 20);
    OrderedFrames.Piece piece = frames.piece(0);
    piece.write("half a piece".getBytes(StandardCharsets.US_ASCII), 0, 12);
    frames.fail(new IOException("the session was lost"));
    piece.close();

    assertThatThrownBy(() -> frames.awaitHead(piece, () -> { })).hasMessage("the session was lost");
    assertThat(out.size()).isZero();
  }
}
