package io.stackpilot.activities.release;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.ReleaseStore;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.ReleaseReader;
import io.stackpilot.model.ReleaseSpec;
import io.stackpilot.model.ReleaseVersions;
import io.stackpilot.model.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a release must pass before it is published: release.yaml valid, every image resolvable in its registry, and its
 * migrations applying on an empty database and on the previous release's vanilla database (the newest older release
 * in the store it goes to). Every problem is reported at once.
 */
public final class ReleaseChecks {

  private final DockerClient docker;
  private final String dockerHost;

  public ReleaseChecks(DockerClient docker, String dockerHost) {
    this.docker = docker;
    this.dockerHost = dockerHost;
  }

  /**
   * @throws InvalidConfigurationException listing every problem, one per line
   */
  public void check(Path release, ReleaseStore store, Consumer<String> progress) {
    String version = release.getFileName().toString();
    ReleaseSpec spec = releaseYaml(release, version);
    List<String> problems = new ArrayList<>();
    progress.accept("images of " + version + " resolvable in their registries");
    RegistryImages registries = new RegistryImages();
    spec.services().values().stream().map(s -> s.image()).distinct().sorted()
        .forEach(image -> registries.problem(image).ifPresent(problems::add));
    Optional<String> previous = store.versions().stream()
        .filter(v -> ReleaseVersions.ORDER.compare(v, version) < 0).max(ReleaseVersions.ORDER);
    progress.accept("migrations of " + version + " on an empty database"
        + previous.map(p -> " and on the vanilla database of " + p).orElse(" (no older release in the store)"));
    try {
      problems.addAll(new MigrationRehearsal(docker, dockerHost).rehearse(version, spec,
          new DirectoryReleaseStore(release.getParent()).migrations(version),
          previous.map(p -> new MigrationRehearsal.Previous(p, store)).orElse(null)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rehearsing the migrations", e);
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(String.join("\n", problems));
    }
  }

  private static ReleaseSpec releaseYaml(Path release, String version) {
    String text;
    try {
      text = Files.readString(release.resolve("release.yaml"));
    } catch (IOException e) {
      throw new InvalidConfigurationException("release " + release + " has no release.yaml");
    }
    Result<ReleaseSpec> read = ReleaseReader.read(version, text);
    if (!read.isValid()) {
      throw new InvalidConfigurationException(read.problems());
    }
    return read.value();
  }
}
