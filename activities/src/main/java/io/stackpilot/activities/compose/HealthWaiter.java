package io.stackpilot.activities.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits until a container is healthy; on failure says which service, its health log and its last 50 log lines. While
 * Docker still says "starting", the container's own health test is run here too (a tenth of its interval apart, within
 * 200 ms and 2 s), and its first pass ends the wait: one passing test is what makes Docker say "healthy", only Docker's next
 * check would come up to an interval later.
 */
public final class HealthWaiter {

  private static final long POLL_MILLIS = 200;

  private final DockerClient docker;
  private final HealthProbe probe;

  public HealthWaiter(DockerClient docker) {
    this.docker = docker;
    this.probe = new HealthProbe(docker);
  }

  public void await(String service, String containerId, Duration timeout, Consumer<String> progress) {
    Instant deadline = Instant.now().plus(timeout);
    boolean probing = true;
    long nextProbe = 0;
    while (true) {
      InspectContainerResponse container = docker.inspectContainerCmd(containerId).exec();
      InspectContainerResponse.ContainerState state = container.getState();
      HealthState health = state.getHealth();
      if (!Boolean.TRUE.equals(state.getRunning())) {
        throw new ServiceUnhealthyException(service + " stopped with exit code " + state.getExitCodeLong()
            + healthLog(health) + logs(containerId));
      }
      if (health == null || "healthy".equals(health.getStatus())) {
        return;
      }
      if ("unhealthy".equals(health.getStatus()) || Instant.now().isAfter(deadline)) {
        throw new ServiceUnhealthyException(service + " is " + health.getStatus() + " after "
            + Duration.between(deadline.minus(timeout), Instant.now()).toSeconds() + "s" + healthLog(health) + logs(containerId));
      }
      if (probing && "starting".equals(health.getStatus()) && System.nanoTime() >= nextProbe) {
        HealthCheck check = container.getConfig().getHealthcheck();
        nextProbe = System.nanoTime() + HealthProbe.gap(check).toNanos();
        List<String> command = HealthProbe.command(check);
        HealthProbe.Result result = command == null ? null : probe.run(containerId, command, HealthProbe.timeout(check));
        if (result == HealthProbe.Result.PASSED) {
          progress.accept(service + " passed its health test (run ahead of Docker's next check)");
          return;
        }
        // No test of a form to run here, or one that hung and may still run: the rest is left to Docker's checks.
        probing = result == HealthProbe.Result.FAILED;
      }
      progress.accept("waiting for " + service + " to be healthy (" + health.getStatus() + ")");
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + service, e);
      }
    }
  }

  private static String healthLog(HealthState health) {
    if (health == null || health.getLog() == null || health.getLog().isEmpty()) {
      return "";
    }
    List<HealthStateLog> log = health.getLog();
    StringBuilder out = new StringBuilder("\nhealth log:");
    for (HealthStateLog entry : log.subList(Math.max(0, log.size() - 3), log.size())) {
      out.append("\n  exit ").append(entry.getExitCodeLong()).append(": ").append(String.valueOf(entry.getOutput()).trim());
    }
    return out.toString();
  }

  /** The container's last 50 log lines. */
  String logs(String containerId) {
    StringBuilder out = new StringBuilder();
    try (ResultCallback.Adapter<Frame> callback = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true)
        .withTail(50).exec(new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Frame frame) {
            out.append(new String(frame.getPayload()));
          }
        })) {
      callback.awaitCompletion(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "\n(logs unavailable: " + e.getMessage() + ")";
    }
    return out.length() == 0 ? "\n(no log output)" : "\nlast log lines:\n" + out.toString().stripTrailing();
  }
}
