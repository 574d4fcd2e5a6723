package io.stackpilot.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.testing.ContainerTest;
import io.stackpilot.testing.RandomBytes;
import io.stackpilot.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restores feed dumps to a client inside the database container through docker exec's stdin. This proves
 * the transport streams large input completely and signals its end, without holding it in memory.
 */
class ExecStdinStreamingIT extends ContainerTest {

  private static final long SIZE = 50L * 1024 * 1024;


  @BeforeEach
  void startContainer() {
    containerId = docker.createContainerCmd(TestEnvironment.registry() + "/demo/task-runner:1.0.0")
        .withCmd("sleep", "600").exec().getId();
    docker.startContainerCmd(containerId).exec();
  }

  @Test
  void fiftyMegabytesStreamThroughExecStdinIntact() throws Exception {
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    long started = System.nanoTime();
    ContainerExec.Outcome outcome = new ContainerExec(docker, TestEnvironment.dockerHost()).run(containerId, List.of("sha256sum"),
        new DigestInputStream(new RandomBytes(SIZE, 42), sent), stdout, stderr, Duration.ofMinutes(2));
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(outcome.exitCode()).as("exit code; stderr: %s", stderr).isZero();
    assertThat(outcome.stdinBytes()).isEqualTo(SIZE);
    assertThat(stdout.toString().trim()).isEqualTo(HexFormat.of().formatHex(sent.digest()) + "  -");
    System.out.printf("exec stdin: %d MB in %.2f s (%.0f MB/s)%n", SIZE >> 20, seconds, (SIZE >> 20) / seconds);
  }

  @Test
  void processFailingMidStreamReportsItsExitCodeWithoutHanging() {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    ContainerExec.Outcome outcome = new ContainerExec(docker, TestEnvironment.dockerHost()).run(containerId,
        List.of("sh", "-c", "head -c 1000 >/dev/null; echo 'ERROR 1064: syntax error' >&2; exit 3"),
        new RandomBytes(SIZE, 7), new ByteArrayOutputStream(), stderr, Duration.ofMinutes(1));

    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.stdinBytes()).isLessThan(SIZE);
    assertThat(stderr.toString()).isEqualTo("ERROR 1064: syntax error\n");
  }

  @Test
  void processEndingWhileItsInputWaitsReportsItsExitCodeWithoutWaitingForTheInput() throws Exception {
    try (java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        java.io.PipedInputStream waiting = new java.io.PipedInputStream(writer)) {
      ContainerExec.Outcome outcome = new ContainerExec(docker, TestEnvironment.dockerHost()).run(containerId,
          List.of("sh", "-c", "exit 5"), waiting, new ByteArrayOutputStream(), new ByteArrayOutputStream(),
          Duration.ofMinutes(2));

      assertThat(outcome.exitCode()).as("the exit code, not the input's 2-minute wait").isEqualTo(5);
    }
  }

  @Test
  void processExitingCleanWithoutReadingAllInputIsAFailure() {
    ContainerExec exec = new ContainerExec(docker, TestEnvironment.dockerHost());

    assertThatThrownBy(() -> exec.run(containerId, List.of("head", "-c", "1000"), new RandomBytes(SIZE, 7),
        new ByteArrayOutputStream(), new ByteArrayOutputStream(), Duration.ofMinutes(1)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("head -c 1000 exited after taking");
  }

  @Test
  void inputThatBreaksMidwayEndsTheExecWithItsError() {
    InputStream breaking = new java.io.SequenceInputStream(new RandomBytes(1 << 20, 3), new InputStream() {
      @Override
      public int read() {
        throw new IllegalStateException("store connection lost");
      }
    });
    ContainerExec exec = new ContainerExec(docker, TestEnvironment.dockerHost());

    assertThatThrownBy(() -> exec.run(containerId, List.of("sha256sum"), breaking, new ByteArrayOutputStream(),
        new ByteArrayOutputStream(), Duration.ofMinutes(1)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("sha256sum did not get all of its input")
        .rootCause().hasMessage("store connection lost");
  }

  @Test
  void processOutlivingItsTimeoutIsStopped() {
    ContainerExec exec = new ContainerExec(docker, TestEnvironment.dockerHost());

    assertThatThrownBy(() -> exec.run(containerId, List.of("sleep", "30"), InputStream.nullInputStream(),
        new ByteArrayOutputStream(), new ByteArrayOutputStream(), Duration.ofSeconds(1)))
        .isInstanceOf(ExecTimeoutException.class)
        .hasMessageEndingWith("did not finish within PT1S");
  }
}
