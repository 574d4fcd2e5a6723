package io.stackpilot.activities.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A release store in a directory or mounted share, written as the file-share backup store is: {@link WriteOnceFiles}. */
public final class DirectoryReleaseTarget implements ReleaseTarget {

  private final Path root;
  private final WriteOnceFiles files;

  public DirectoryReleaseTarget(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.files = new WriteOnceFiles(this.root, true);
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
    try {
      files.create(root.resolve(path), out -> Files.copy(file, out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + path + " into " + location() + ": " + e, e);
    }
  }
}
