package io.stackpilot.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The sample configuration of config-samples/ and the test's own releases under src/test/resources. */
final class Fixtures {

  static final Path SAMPLES = Path.of("..", "config-samples");
  static final Path TEST_RELEASES = Path.of("src", "test", "resources", "releases");

  private Fixtures() {}

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sampleStack() {
    return read(SAMPLES.resolve("customer-acme/stack.yaml"));
  }

  static String sampleRelease(String version) {
    return read(SAMPLES.resolve("releases").resolve(version).resolve("release.yaml"));
  }

  /** The sample release store (1.0.0, 1.1.0) plus the test's own releases. */
  static ReleaseCatalog catalog() {
    return new ReleaseCatalog() {
      @Override
      public List<String> versions() {
        return Stream.of(SAMPLES.resolve("releases"), TEST_RELEASES)
            .flatMap(Fixtures::children).sorted(ReleaseVersions.ORDER).toList();
      }

      @Override
      public Optional<String> releaseYaml(String version) {
        return Stream.of(SAMPLES.resolve("releases"), TEST_RELEASES)
            .map(dir -> dir.resolve(version).resolve("release.yaml"))
            .filter(Files::isRegularFile).findFirst().map(Fixtures::read);
      }
    };
  }

  /** Only the sample release store, as an operator's CI would see it. */
  static ReleaseCatalog sampleCatalog() {
    ReleaseCatalog all = catalog();
    return new ReleaseCatalog() {
      @Override
      public List<String> versions() {
        return children(SAMPLES.resolve("releases")).sorted(ReleaseVersions.ORDER).toList();
      }

      @Override
      public Optional<String> releaseYaml(String version) {
        return versions().contains(version) ? all.releaseYaml(version) : Optional.empty();
      }
    };
  }

  private static Stream<String> children(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> Files.isRegularFile(p.resolve("release.yaml"))).map(p -> p.getFileName().toString()).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text with one exact fragment replaced; fails loudly when the fragment is not there. */
  static String replace(String text, String fragment, String replacement) {
    if (!text.contains(fragment)) {
      throw new IllegalArgumentException("fixture has no '" + fragment + "'");
    }
    return text.replace(fragment, replacement);
  }
}
