package io.stackpilot.activities.store;

import io.stackpilot.model.DirectoryReleaseCatalog;
import io.stackpilot.model.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A release store in a directory, such as config-samples/releases or a mounted share. */
public final class DirectoryReleaseStore implements ReleaseStore {

  private final Path root;
  private final DirectoryReleaseCatalog catalog;

  public DirectoryReleaseStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.catalog = new DirectoryReleaseCatalog(this.root);
  }

  @Override
  public String location() {
    return root.toUri().toString();
  }

  @Override
  public List<String> versions() {
    return catalog.versions();
  }

  @Override
  public Optional<String> releaseYaml(String version) {
    return catalog.releaseYaml(version);
  }

  @Override
  public BackupManifest vanillaManifest(String release) {
    try {
      return BackupManifest.parse(Files.readAllBytes(inside(release, "vanilla", BackupManifest.FILE)));
    } catch (NoSuchFileException e) {
      throw new MissingReleaseFileException(location(), release, "vanilla/" + BackupManifest.FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream openVanillaPart(String release, String part) {
    try {
      return Files.newInputStream(inside(release, "vanilla", part));
    } catch (NoSuchFileException e) {
      throw new MissingReleaseFileException(location(), release, "vanilla/" + part);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public SortedMap<String, String> migrations(String release) {
    SortedMap<String, String> migrations = new TreeMap<>();
    Path dir = inside(release, "migrations");
    if (!Files.isDirectory(dir)) {
      return migrations;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches("V.+__.+\\.sql")).toList()) {
        migrations.put(file.getFileName().toString(), Files.readString(file));
      }
      return migrations;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path below the root; a version like ../x cannot leave it. */
  private Path inside(String version, String... more) {
    Path path = root.resolve(version);
    for (String m : more) {
      path = path.resolve(m);
    }
    path = path.normalize();
    if (!path.startsWith(root)) {
      throw new InvalidConfigurationException("'" + version + "' is not a release version");
    }
    return path;
  }
}
