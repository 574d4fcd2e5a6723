package io.stackpilot.activities.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The restore throughput last measured on this host — bytes of backup (as stored) per second, verification,
 * indexes and files included — kept in the agent's stacks directory, so that a plan can estimate how long a restore
 * of a given backup takes here.
 */
final class RestoreThroughput {

  private static final String FILE = ".restore-throughput";

  private final Path file;

  RestoreThroughput(Path stacksDir) {
    this.file = stacksDir.resolve(FILE);
  }

  void record(long bytes, long nanos) {
    if (bytes <= 0 || nanos <= 0) {
      return;
    }
    long perSecond = Math.max(1, (long) (bytes / (nanos / 1e9)));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.writeString(file.resolveSibling(FILE + ".tmp"), Long.toString(perSecond));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the restore throughput in " + file, e);
    }
  }

  Optional<Long> bytesPerSecond() {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (NoSuchFileException | NumberFormatException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
