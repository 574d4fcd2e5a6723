package io.stackpilot.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AuthConfig;
import io.stackpilot.testing.TestEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images from a registry that demands credentials are pulled with the worker's credentials for that registry. */
class RegistryCredentialsIT {

  private final DockerClient docker = TestEnvironment.docker();
  private final TestStacks stacks = new TestStacks();

  @TempDir
  Path dir;

  private Process registry;
  private String address;
  private String image;

  @BeforeEach
  void privateRegistry() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    address = "127.0.0.1:" + port;
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Files.writeString(dir.resolve("htpasswd"), "deployer:" + OpenBSDBCrypt.generate("2a", "pull-s3cret".toCharArray(), salt, 6) + "\n");
    Files.writeString(dir.resolve("config.yml"), String.join("\n", "version: 0.1", "log: {level: warn}",
        "storage: {filesystem: {rootdirectory: " + dir.resolve("data") + "}}", "http: {addr: \"" + address + "\"}",
        "auth: {htpasswd: {realm: stackpilot-test, path: " + dir.resolve("htpasswd") + "}}", ""));
    registry = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    awaitRegistry();
    image = address + "/private/web:1.0.0";
    docker.tagImageCmd(TestEnvironment.registry() + "/demo/web:1.0.0", address + "/private/web", "1.0.0").exec();
    docker.pushImageCmd(image).withAuthConfig(auth("pull-s3cret")).start().awaitCompletion(2, TimeUnit.MINUTES);
    docker.removeImageCmd(image).exec();
  }

  @AfterEach
  void stop() throws Exception {
    registry.destroy();
    registry.waitFor(10, TimeUnit.SECONDS);
    try {
      docker.removeImageCmd(image).exec();
    } catch (RuntimeException notPulled) {
      // the test that refuses the pull never had it
    }
  }

  private AuthConfig auth(String password) {
    return new AuthConfig().withRegistryAddress(address).withUsername("deployer").withPassword(password);
  }

  private ComposeProject project() {
    return stacks.render(stacks.stack("1.0.0", y -> y.replace("services: [db, web, task-runner]", "services: [db, web]"),
        r -> r.replace(TestEnvironment.registry() + "/demo/web:1.0.0", image)), dir.resolve("stack")).project();
  }

  @Test
  void configuredCredentialsPullFromAPrivateRegistry() {
    ComposeApplier applier = new ComposeApplier(docker, Duration.ofMinutes(1),
        new RegistryCredentials(List.of(new RegistryCredentials.Entry(address, "deployer", "pull-s3cret"))));

    applier.pull(project(), line -> { });

    assertThat(docker.inspectImageCmd(image).exec().getConfig().getLabels())
        .containsEntry("org.opencontainers.image.version", "1.0.0");
  }

  @Test
  void withoutCredentialsThePullIsRefusedNamingTheImage() {
    ComposeApplier applier = new ComposeApplier(docker, Duration.ofMinutes(1), RegistryCredentials.none());

    assertThatThrownBy(() -> applier.pull(project(), line -> { }))
        .isInstanceOf(ImageUnavailableException.class)
        .hasMessageStartingWith("image " + image + " cannot be pulled")
        .hasMessageContaining("no basic auth credentials");
  }

  private void awaitRegistry() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      try {
        int status = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 401) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("registry with authentication did not start: " + Files.readString(dir.resolve("registry.log")));
  }
}
