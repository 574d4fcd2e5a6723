package io.stackpilot.activities.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a stack lives on its host and what its Docker objects are called, the way docker compose names them:
 * project {@code <customer>}, containers {@code <customer>-<service>-1}, volumes {@code <customer>_<volume>},
 * network {@code <customer>_default}; its directory holds compose.yaml, .env and the secrets.
 */
public record StackLayout(String project, Path dir) {

  /** .env keys: what the last apply deployed here, which a final backup records even while stack.yaml moves on. */
  public static final String RELEASE = "STACKPILOT_RELEASE";
  public static final String COMMIT = "STACKPILOT_COMMIT";

  /** The layout of {@code customer}'s stack below the host agent's stacks directory. */
  public static StackLayout of(String customer, Path stacksDir) {
    return new StackLayout(customer, stacksDir.resolve(customer));
  }

  public String network() {
    return project + "_default";
  }

  public String containerName(String service) {
    return project + "-" + service + "-1";
  }

  /** The Docker volume of the release's volume {@code volume}. */
  public String volumeName(String volume) {
    return project + "_" + volume;
  }

  /** The release's name of a Docker volume of this project: what compose.yaml calls it. */
  public String volumeKey(String volumeName) {
    return volumeName.substring(project.length() + 1);
  }

  public Path composeFile() {
    return dir.resolve("compose.yaml");
  }

  public Path envFile() {
    return dir.resolve(".env");
  }

  public Path secretsDir() {
    return dir.resolve("secrets");
  }

  /** The .env the last apply wrote; fails naming the file when no stack was applied here. */
  public Map<String, String> readEnv() {
    try {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : Files.readAllLines(envFile())) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return values;
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("no stack " + project + " runs here: " + envFile() + " is missing", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What .env records: the project name for docker compose, and the release and commit deployed. */
  String env(String release, String commit) {
    return "COMPOSE_PROJECT_NAME=" + project + "\n" + RELEASE + "=" + release + "\n" + COMMIT + "=" + commit + "\n";
  }
}
