package io.stackpilot.cli;

import io.stackpilot.model.ReleaseCatalog;
import io.stackpilot.model.ReleaseVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A release store laid out in a directory: {@code <version>/release.yaml}. */
final class DirectoryReleaseCatalog implements ReleaseCatalog {

  private final Path root;

  DirectoryReleaseCatalog(Path root) {
    this.root = root;
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
