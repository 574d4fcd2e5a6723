package io.stackpilot.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import io.stackpilot.testing.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A wait for health on a real Docker Engine, with Docker's own checks an hour apart: only the container's health test
 * run by the waiter can end it early, and only Docker's status can say "unhealthy".
 */
class HealthWaiterIT {

  private static final long HOUR = Duration.ofHours(1).toNanos();

  private final DockerClient docker = TestEnvironment.docker();
  private final HealthWaiter waiter = new HealthWaiter(docker);
  private final List<String> containers = new ArrayList<>();
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @AfterEach
  void remove() {
    containers.forEach(id -> docker.removeContainerCmd(id).withForce(true).exec());
  }

  private String start(String script, HealthCheck check) {
    String id = docker.createContainerCmd(TestEnvironment.registry() + "/demo/web:1.1.0")
        .withEntrypoint("/bin/sh", "-c", script).withHealthcheck(check.withInterval(HOUR)).exec().getId();
    containers.add(id);
    docker.startContainerCmd(id).exec();
    return id;
  }

  @Test
  void aServiceThatAnswersIsHealthyBeforeDockersFirstCheck() {
    String id = start("sleep 1; touch /tmp/up; exec sleep 600",
        new HealthCheck().withTest(List.of("CMD-SHELL", "test -e /tmp/up")).withTimeout(Duration.ofSeconds(5).toNanos()));

    waiter.await("web", id, Duration.ofMinutes(1), progress::add);

    assertThat(docker.inspectContainerCmd(id).exec().getState().getHealth().getStatus())
        .as("Docker has not checked yet").isEqualTo("starting");
    assertThat(progress).contains("web passed its health test (run ahead of Docker's next check)");
  }

  @Test
  void aFailingTestNeverMakesAServiceHealthy() {
    String id = start("exec sleep 600", new HealthCheck().withTest(List.of("CMD-SHELL", "echo ran >> /tmp/runs; false")));

    assertThatThrownBy(() -> waiter.await("web", id, Duration.ofSeconds(10), progress::add))
        .isInstanceOf(ServiceUnhealthyException.class).hasMessageStartingWith("web is starting after ");
    assertThat(runs(id)).as("the test ran again and again").isGreaterThan(1);
  }

  private long runs(String id) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new io.stackpilot.activities.docker.ContainerExec(docker, TestEnvironment.dockerHost()).run(id,
        List.of("cat", "/tmp/runs"), null, out, java.io.OutputStream.nullOutputStream(), Duration.ofSeconds(10));
    return out.toString().lines().count();
  }

  /** An exec cannot be killed through the API: a test that outlives its timeout is not started a second time. */
  @Test
  void aHungTestRunsOnceAndTheWaitIsLeftToDocker() {
    String id = start("exec sleep 600", new HealthCheck().withTest(List.of("CMD", "sleep", "3600"))
        .withTimeout(Duration.ofSeconds(1).toNanos()));

    assertThatThrownBy(() -> waiter.await("web", id, Duration.ofSeconds(4), progress::add))
        .isInstanceOf(ServiceUnhealthyException.class).hasMessageStartingWith("web is starting after ");
    assertThat(docker.inspectContainerCmd(id).exec().getExecIds()).hasSize(1);
  }
}
