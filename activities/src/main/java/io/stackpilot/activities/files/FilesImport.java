package io.stackpilot.activities.files;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.ProducedStream;
import io.stackpilot.model.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The files of an installation Stackpilot did not create — a directory, or a tarball (plain, .gz or .zst) — read on
 * the host: checked first (no entry or link leaving their root), then archived into part files.tar.zst with the
 * stack's exclusions left out, as a backup of a running stack would hold them. No files: an empty archive.
 */
public final class FilesImport {

  private final Path files;

  /** {@code files}: a directory or a tarball; null for an installation without files. */
  public FilesImport(Path files) {
    this.files = files;
  }

  /** Reads every entry's name and link before anything is written; returns how many entries there are. */
  public long check() {
    if (files == null) {
      return 0;
    }
    try {
      if (Files.isDirectory(files, LinkOption.NOFOLLOW_LINKS)) {
        long entries = 0;
        SafeEntries safe = new SafeEntries();
        try (Stream<Path> walk = Files.walk(files)) {
          for (Path path : (Iterable<Path>) walk.filter(p -> !p.equals(files)).sorted()::iterator) {
            safe.check(entry(path));
            entries++;
          }
        }
        return entries;
      }
      if (!Files.isRegularFile(files)) {
        throw new InvalidConfigurationException("files: " + files + " is neither a directory nor a tarball on this host");
      }
      long entries = 0;
      SafeEntries safe = new SafeEntries();
      try (TarArchiveInputStream tar = new TarArchiveInputStream(CompressedFile.open(files))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          safe.check(entry);
          entries++;
        }
      }
      return entries;
    } catch (UnsafeArchiveException e) {
      throw new InvalidConfigurationException("files: " + files + ": " + e.getMessage() + "; nothing was imported");
    } catch (IOException e) {
      throw new InvalidConfigurationException("files: " + files + " cannot be read as a directory or tarball: "
          + e.getMessage());
    }
  }

  /** Streams the files, minus {@code exclude}, into part files.tar.zst of backup {@code backupId}. */
  public BackupManifest.Part write(List<String> exclude, BackupStore store, String customer, String backupId,
      Consumer<String> progress) {
    return ProducedStream.intoPart(store, customer, backupId, FilesArchive.PART,
        "import " + FilesArchive.PART + " into " + backupId, progress, sink -> {
          try (TarArchiveOutputStream out = new TarArchiveOutputStream(new ZstdOutputStream(sink, 3))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            if (files != null && Files.isDirectory(files, LinkOption.NOFOLLOW_LINKS)) {
              copyDirectory(exclude, out);
            } else if (files != null) {
              copyTarball(exclude, out);
            }
          }
          return null;
        });
  }


  private void copyDirectory(List<String> exclude, TarArchiveOutputStream out) throws IOException {
    SafeEntries safe = new SafeEntries();
    try (Stream<Path> walk = Files.walk(files)) {
      for (Path path : walk.filter(p -> !p.equals(files)).sorted().toList()) {
        TarArchiveEntry entry = entry(path);
        if (FilesArchive.excluded(safe.check(entry), exclude)) {
          continue;
        }
        out.putArchiveEntry(entry);
        if (entry.isFile()) {
          Files.copy(path, out);
        }
        out.closeArchiveEntry();
      }
    }
  }

  private void copyTarball(List<String> exclude, TarArchiveOutputStream out) throws IOException {
    SafeEntries safe = new SafeEntries();
    try (TarArchiveInputStream in = new TarArchiveInputStream(CompressedFile.open(files))) {
      for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        String path = safe.check(entry);
        if (path.isEmpty() || FilesArchive.excluded(path, exclude)) {
          continue;
        }
        entry.setName(entry.isDirectory() ? path + "/" : path);
        out.putArchiveEntry(entry);
        in.transferTo(out);
        out.closeArchiveEntry();
      }
    }
  }

  /** The tar entry of {@code path} below the root: its mode, owner and time kept; a link stays a link. */
  private TarArchiveEntry entry(Path path) {
    String name = files.relativize(path).toString().replace('\\', '/');
    try {
      if (Files.isSymbolicLink(path)) {
        TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        link.setLinkName(Files.readSymbolicLink(path).toString());
        return link;
      }
      return new TarArchiveEntry(path, Files.isDirectory(path) ? name + "/" : name, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
