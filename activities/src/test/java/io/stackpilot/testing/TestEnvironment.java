package io.stackpilot.testing;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.docker.DockerClients;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The test environment that {@code dev/env up} brings up: a Docker Engine, the local registry with the demo
 * images, Azurite. Settings come from STACKPILOT_* environment variables, else from the file dev/env writes.
 * A missing environment fails the test with what to run; it never skips.
 */
public final class TestEnvironment {

  private static final String HOW_TO_START =
      "Run dev/env up (or dev/test, which runs it) to start the Docker Engine, the local registry and Azurite.";
  private static final Properties SETTINGS = load();

  private TestEnvironment() {}

  public static String registry() {
    return setting("STACKPILOT_REGISTRY");
  }

  public static String mariadbImage() {
    return setting("STACKPILOT_MARIADB_IMAGE");
  }

  public static String azuriteConnectionString() {
    return setting("STACKPILOT_AZURITE_CONNECTION_STRING");
  }

  /** The test realm's issuer in the Keycloak dev/env runs: users alice, vera and (disabled) dora. */
  public static String keycloakIssuer() {
    return setting("STACKPILOT_KEYCLOAK_ISSUER");
  }

  public static Path releasesDir() {
    return Path.of(setting("STACKPILOT_RELEASES_DIR"));
  }

  public static String dockerHost() {
    return setting("STACKPILOT_DOCKER_HOST");
  }

  /** The second engine dev/env starts (as root) to play a second host in migration tests. */
  public static String docker2Host() {
    return setting("STACKPILOT_DOCKER2_HOST");
  }

  /** A client for the second engine, after checking that it answers. */
  public static DockerClient docker2() {
    return answering(docker2Host());
  }

  /** A client for the test Docker Engine, after checking that it answers. */
  public static DockerClient docker() {
    return answering(dockerHost());
  }

  private static DockerClient answering(String host) {
    DockerClient docker = DockerClients.connect(host);
    try {
      docker.pingCmd().exec();
    } catch (RuntimeException e) {
      throw new AssertionError("No Docker Engine answers at " + host + " (" + e.getMessage() + "). " + HOW_TO_START, e);
    }
    return docker;
  }

  private static String setting(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      value = SETTINGS.getProperty(name);
    }
    if (value == null || value.isBlank()) {
      throw new AssertionError("The test environment is not set up: " + name + " is neither in the environment nor in "
          + envFile() + ". " + HOW_TO_START);
    }
    return value;
  }

  private static Path envFile() {
    String home = System.getenv("STACKPILOT_DEV_HOME");
    if (home == null) {
      String cache = System.getenv("XDG_CACHE_HOME");
      home = (cache != null ? cache : System.getProperty("user.home") + "/.cache") + "/stackpilot-dev";
    }
    return Path.of(home, "env");
  }

  private static Properties load() {
    Properties properties = new Properties();
    Path file = envFile();
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return properties;
  }
}
