package io.stackpilot.activities.release;

import io.stackpilot.activities.store.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A release store in a directory or mounted share. A file appears whole or not at all: it is copied beside its name
 * and linked into place, which fails when the name exists; where the share has no hard links it is moved there.
 */
public final class DirectoryReleaseTarget implements ReleaseTarget {

  private final Path root;

  public DirectoryReleaseTarget(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String location() {
    return root.toUri().toString();
  }

  @Override
  public Optional<String> sha256(String path) {
    try (InputStream in = Files.newInputStream(root.resolve(path))) {
      return Optional.of(Sha256.of(path, in).sha256());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void create(String path, Path file) {
    Path target = root.resolve(path);
    try {
      Files.createDirectories(target.getParent());
      Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.copy(file, tmp);
      try {
        Files.createLink(target, tmp);
        Files.delete(tmp);
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (noLinks instanceof FileAlreadyExistsException) {
          Files.delete(tmp);
          throw noLinks;
        }
        Files.move(tmp, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + path + " into " + location() + ": " + e, e);
    }
  }
}
