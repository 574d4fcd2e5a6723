package io.stackpilot.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The release.yaml files of a release store laid out in a directory: {@code <version>/release.yaml}. */
public final class DirectoryReleaseCatalog implements ReleaseCatalog {

  private final Path root;

  public DirectoryReleaseCatalog(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public List<String> versions() {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(dir -> Files.isRegularFile(dir.resolve("release.yaml")))
          .map(dir -> dir.getFileName().toString()).sorted(ReleaseVersions.ORDER).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<String> releaseYaml(String version) {
    Path file = root.resolve(version).resolve("release.yaml").normalize();
    if (!file.startsWith(root.normalize()) || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
