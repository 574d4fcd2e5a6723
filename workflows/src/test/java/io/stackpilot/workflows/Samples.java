package io.stackpilot.workflows;

import io.stackpilot.model.ReleaseCatalog;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import io.stackpilot.workflows.activities.DesiredState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Desired states built from the sample customer repo and release store in config-samples/. */
public final class Samples {

  public static final String REPO = "file:///srv/git/acme.git";
  private static final Path SAMPLES = Path.of("..", "config-samples");

  private Samples() {}

  /** The sample acme stack at {@code release} on {@code host}, as FetchDesiredState would return it. */
  public static DesiredState acme(String release, String host, String commit) {
    return acme(release, host, commit, "");
  }

  /** As above, with {@code more} appended to stack.yaml. */
  public static DesiredState acme(String release, String host, String commit, String more) {
    return acme(release, host, commit, more, "", "");
  }

  /** As above, with {@code from} replaced by {@code to} in stack.yaml first. */
  public static DesiredState acme(String release, String host, String commit, String more, String from, String to) {
    String yaml = (read(SAMPLES.resolve("customer-acme/stack.yaml")).replace(from, to) + more)
        .replace("release: 1.0.0", "release: " + release)
        .replace("host: acme-prod-1", "host: " + host);
    ValidatedStack validated = StackValidator.validate(yaml, new ReleaseCatalog() {
      @Override
      public List<String> versions() {
        return List.of("1.0.0", "1.1.0");
      }

      @Override
      public Optional<String> releaseYaml(String version) {
        return Optional.of(read(SAMPLES.resolve("releases").resolve(version).resolve("release.yaml")));
      }
    }).orThrow();
    return new DesiredState(REPO, commit, validated.stack(), validated.release());
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
