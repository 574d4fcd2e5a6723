package io.stackpilot.testing;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterEach;

/** A test that runs one container on the test engine and removes it afterwards, whatever happened. */
public abstract class ContainerTest {

  protected final DockerClient docker = TestEnvironment.docker();
  protected String containerId;

  @AfterEach
  void removeContainer() {
    Containers.removeQuietly(docker, containerId);
  }
}
