package io.stackpilot.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/**
 * Connects to a Docker Engine. The Apache HttpClient 5 transport is used because it supports attaching
 * stdin to {@code docker exec} (hijacked connections) and half-closes the connection at the end of stdin,
 * so the process in the container sees end-of-file: restores depend on it.
 */
public final class DockerClients {

  private DockerClients() {}

  /** A client for the engine at {@code dockerHost} (unix:///var/run/docker.sock, tcp://127.0.0.1:2375). */
  public static DockerClient connect(String dockerHost) {
    // Long restores and pulls stream for minutes; activity timeouts bound them, not the socket.
    return connect(dockerHost, Duration.ofHours(12));
  }

  /** A client whose every answer must come within {@code responseTimeout}: for questions such as a readiness ping. */
  public static DockerClient connect(String dockerHost, Duration responseTimeout) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost)
        .build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(50)
        .connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(responseTimeout)
        .build();
    return DockerClientImpl.getInstance(config, http);
  }
}
