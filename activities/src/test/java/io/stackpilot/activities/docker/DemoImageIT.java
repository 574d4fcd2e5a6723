package io.stackpilot.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.stackpilot.testing.Containers;
import io.stackpilot.testing.ContainerTest;
import io.stackpilot.testing.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo images are served by the local registry, and the web service answers with its release. */
class DemoImageIT extends ContainerTest {


  @Test
  void webImagePulledFromLocalRegistryAnswersItsVersion() throws Exception {
    String image = TestEnvironment.registry() + "/demo/web:1.1.0";
    docker.removeImageCmd(image).withForce(true).exec();

    docker.pullImageCmd(image).start().awaitCompletion(2, TimeUnit.MINUTES);
    assertThat(docker.inspectImageCmd(image).exec().getConfig().getLabels())
        .containsEntry("org.opencontainers.image.version", "1.1.0");

    containerId = docker.createContainerCmd(image)
        .withExposedPorts(ExposedPort.tcp(8080))
        .withHostConfig(HostConfig.newHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(8080))))
        .exec().getId();
    docker.startContainerCmd(containerId).exec();
    int port = Containers.publishedPort(docker, containerId, 8080);

    assertThat(getWithRetry("http://127.0.0.1:" + port + "/version")).isEqualTo("1.1.0\n");
    assertThat(getWithRetry("http://127.0.0.1:" + port + "/health")).isEqualTo("ok\n");
  }

  private static String getWithRetry(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Exception last = null;
    for (int attempt = 0; attempt < 40; attempt++) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
      } catch (java.io.IOException e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(url + " did not answer 200", last);
  }
}
