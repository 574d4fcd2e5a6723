package io.stackpilot.activities.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container's own health test once, as Docker runs it: an exec of the test's command in the container, as the
 * container's user. A wait can then end when the service answers instead of at Docker's next scheduled check, which
 * comes a whole interval after the start (a database that is up after 3 s is reported healthy by Docker after 4 s
 * with a 2 s interval). Docker's status still decides "unhealthy".
 */
final class HealthProbe {

  enum Result { PASSED, FAILED, HUNG }

  /** Docker's default interval and timeout of a health test. */
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  private static final Duration MIN_GAP = Duration.ofMillis(200);
  private static final Duration MAX_GAP = Duration.ofSeconds(2);

  private final DockerClient docker;

  HealthProbe(DockerClient docker) {
    this.docker = docker;
  }

  /** The command Docker's health test runs: CMD's arguments, CMD-SHELL's line under /bin/sh; null for NONE or none. */
  static List<String> command(HealthCheck check) {
    List<String> test = check == null ? null : check.getTest();
    if (test == null || test.size() < 2) {
      return null;
    }
    return switch (test.get(0)) {
      case "CMD" -> List.copyOf(test.subList(1, test.size()));
      case "CMD-SHELL" -> List.of("/bin/sh", "-c", test.get(1));
      default -> null;
    };
  }

  /** The test's own timeout, as Docker applies it (30 s when unset). */
  static Duration timeout(HealthCheck check) {
    Long nanos = check == null ? null : check.getTimeout();
    return nanos == null || nanos <= 0 ? DEFAULT_TIMEOUT : Duration.ofNanos(nanos);
  }

  /**
   * How long after one test the next may run: a tenth of the test's interval, between 200 ms and 2 s, so a test its
   * release runs every 30 s is not run five times a second against a service that is still starting.
   */
  static Duration gap(HealthCheck check) {
    Long nanos = check == null ? null : check.getInterval();
    Duration tenth = (nanos == null || nanos <= 0 ? DEFAULT_INTERVAL : Duration.ofNanos(nanos)).dividedBy(10);
    return tenth.compareTo(MIN_GAP) < 0 ? MIN_GAP : tenth.compareTo(MAX_GAP) > 0 ? MAX_GAP : tenth;
  }

  /**
   * Runs {@code command} once. A test that outlives {@code timeout} is HUNG: its process may still run in the
   * container (an exec cannot be killed through the API), so the caller should not start another.
   */
  Result run(String containerId, List<String> command, Duration timeout) {
    try {
      String exec = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
          .withAttachStdout(true).withAttachStderr(true).withTty(false).exec().getId();
      try (ResultCallback.Adapter<Frame> done = docker.execStartCmd(exec).withDetach(false).withTty(false)
          .exec(new ResultCallback.Adapter<>())) {
        if (!done.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          return Result.HUNG;
        }
      }
      Long exit = docker.inspectExecCmd(exec).exec().getExitCodeLong();
      return exit != null && exit == 0 ? Result.PASSED : Result.FAILED;
    } catch (DockerException stoppedOrGone) {
      return Result.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the health test in " + containerId, e);
    } catch (java.io.IOException closing) {
      return Result.FAILED;
    }
  }
}
