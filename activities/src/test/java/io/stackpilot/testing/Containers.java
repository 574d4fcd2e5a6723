package io.stackpilot.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import java.time.Instant;

/** Small helpers for tests that run containers on the test engine. */
public final class Containers {

  private Containers() {}

  /** The loopback port Docker published for the container's {@code containerPort}. */
  public static int publishedPort(DockerClient docker, String containerId, int containerPort) {
    Ports.Binding[] bindings = docker.inspectContainerCmd(containerId).exec().getNetworkSettings().getPorts()
        .getBindings().get(ExposedPort.tcp(containerPort));
    if (bindings == null || bindings.length == 0) {
      throw new AssertionError("container " + containerId + " publishes no port for " + containerPort);
    }
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }

  /** Waits until the container's healthcheck reports healthy; fails with its health log otherwise. */
  public static void awaitHealthy(DockerClient docker, String containerId, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    InspectContainerResponse.ContainerState state;
    do {
      state = docker.inspectContainerCmd(containerId).exec().getState();
      if (state.getHealth() != null && "healthy".equals(state.getHealth().getStatus())) {
        return;
      }
      if (!Boolean.TRUE.equals(state.getRunning())) {
        throw new AssertionError("container " + containerId + " stopped (exit " + state.getExitCodeLong() + ")");
      }
      Thread.sleep(250);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("container " + containerId + " not healthy after " + timeout + ": "
        + (state.getHealth() == null ? "no healthcheck" : state.getHealth().getLog()));
  }

  public static void removeQuietly(DockerClient docker, String containerId) {
    if (containerId != null) {
      try {
        docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
      } catch (RuntimeException ignored) {
        // already gone: nothing to clean up
      }
    }
  }
}
