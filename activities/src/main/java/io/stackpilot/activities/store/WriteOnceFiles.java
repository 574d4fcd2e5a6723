package io.stackpilot.activities.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files created once below a directory or mounted share, never replaced: the write-once mechanism of the file-share
 * backup store and of release stores in a directory.
 */
public final class WriteOnceFiles {

  private static final Logger log = LoggerFactory.getLogger(WriteOnceFiles.class);

  /** What a file is written with. */
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private final Path root;
  private volatile boolean links;

  /** {@code hardLinks} false: the path a share takes once it has refused a link, from the first write. */
  public WriteOnceFiles(Path root, boolean hardLinks) {
    this.root = root.toAbsolutePath().normalize();
    this.links = hardLinks;
  }

  /**
   * Temporary file, fsync, hard link to the final name (which refuses an existing name), read-only, fsync the
   * directory. Where the share cannot link (some SMB mounts), the final name is created exclusively instead
   * (O_CREAT|O_EXCL, which refuses an existing name on every file system) and written directly: a part still being
   * written is harmless there, because only the manifest makes a backup visible, and a manifest that does not parse
   * counts as incomplete. Every "exists" becomes the same {@link AlreadyExistsException}.
   */
  public void create(Path target, Writer writer) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    if (Files.exists(target)) {
      throw new AlreadyExistsException(describe(target));
    }
    if (!links) {
      writeExclusive(target, writer);
      return;
    }
    Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        writer.write(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.createLink(target, tmp);
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException(describe(target));
      } catch (UnsupportedOperationException | IOException noHardLinks) {
        if (Files.exists(target)) {
          throw new AlreadyExistsException(describe(target));
        }
        log.info("{} cannot hard-link ({}): files are created exclusively under their final names from now on",
            root.toUri(), noHardLinks.getMessage());
        links = false;
        writeExclusive(target, out -> Files.copy(tmp, out));
        return;
      }
      finish(target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void writeExclusive(Path target, Writer writer) throws IOException {
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(channel);
      writer.write(out);
      out.flush();
      channel.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new AlreadyExistsException(describe(target));
    }
    finish(target);
  }

  private static void finish(Path target) {
    if (!target.toFile().setReadOnly()) {
      log.warn("could not make {} read-only", target);
    }
    forceDirectory(target.getParent());
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      log.debug("cannot fsync directory {} on this file system: {}", dir, e.getMessage());
    }
  }

  private String describe(Path target) {
    return root.relativize(target) + " in " + root.toUri();
  }
}
