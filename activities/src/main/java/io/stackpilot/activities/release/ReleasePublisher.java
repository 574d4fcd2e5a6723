package io.stackpilot.activities.release;

import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.ReleaseTarget;
import io.stackpilot.activities.store.Sha256;
import io.stackpilot.model.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Publishes a built release write-once: every file is compared with what the store already holds before anything is
 * written. The same bytes again change nothing; other bytes under a published name are refused, naming the files, and
 * nothing is written. New files go in with the vanilla manifest and release.yaml last, so a release is listed only once
 * it is whole.
 */
public final class ReleasePublisher {

  /** What publishing did: files written, and files the store already held with the same bytes. */
  public record Published(String version, List<String> written, List<String> unchanged) {}

  private ReleasePublisher() {}

  public static Published publish(Path release, ReleaseTarget target) {
    String version = release.getFileName().toString();
    List<String> files = files(release);
    List<String> toWrite = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (String file : files) {
      String path = version + "/" + file;
      Optional<String> stored = target.sha256(path);
      if (stored.isEmpty()) {
        toWrite.add(file);
      } else if (stored.get().equals(sha256(release.resolve(file)))) {
        unchanged.add(path);
      } else {
        conflicts.add(path);
      }
    }
    if (!conflicts.isEmpty()) {
      throw new InvalidConfigurationException("release " + version + " is already published in " + target.location()
          + " with other bytes in " + String.join(", ", conflicts) + "; a release store is write-once: publish a new "
          + "version instead (nothing was written)");
    }
    List<String> written = new ArrayList<>();
    for (String file : toWrite) {
      target.create(version + "/" + file, release.resolve(file));
      written.add(version + "/" + file);
    }
    return new Published(version, written, unchanged);
  }

  /** The release's files in the order they are published: migrations, vanilla parts, its manifest, release.yaml. */
  private static List<String> files(Path release) {
    List<String> files = new ArrayList<>();
    try (Stream<Path> migrations = Files.list(release.resolve("migrations"))) {
      migrations.map(p -> "migrations/" + p.getFileName()).filter(f -> f.endsWith(".sql")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new InvalidConfigurationException("release " + release + " has no migrations/ directory");
    }
    for (String part : List.of("db.sql.zst", "files.tar.zst", BackupManifest.FILE)) {
      if (!Files.isRegularFile(release.resolve("vanilla").resolve(part))) {
        throw new InvalidConfigurationException("release " + release + " has no vanilla/" + part + ": build it first");
      }
      files.add("vanilla/" + part);
    }
    files.add("release.yaml");
    return files;
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Sha256.of(file.getFileName().toString(), in).sha256();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
