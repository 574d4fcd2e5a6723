package io.stackpilot.activities.database;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A backup part kept on the host agent's disk as it is verified, so that what loads afterwards reads the very bytes
 * that matched the manifest, not the store a second time. Readable by the agent alone; each attempt keeps its own
 * copy, removed when the restore ends (a copy an agent left behind when it died is in its temporary directory).
 */
final class StagedPart implements AutoCloseable {

  private final Path file;
  private OutputStream out;

  private StagedPart(Path file) {
    this.file = file;
  }

  static StagedPart create(String backupId) {
    try {
      return new StagedPart(Files.createTempFile("stackpilot-restore-" + backupId.replaceAll("[^A-Za-z0-9-]", "_") + "-",
          ".zst", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
    } catch (IOException e) {
      throw new UncheckedIOException("keeping a copy of the backup part on this host failed: " + e.getMessage(), e);
    }
  }

  /** {@code in} as it is, writing every byte read to the kept copy. */
  InputStream keeping(InputStream in) throws IOException {
    out = Files.newOutputStream(file);
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          out.write(b);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          out.write(buffer, offset, n);
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          out.close();
        }
      }
    };
  }

  /** The kept copy, from its start. */
  InputStream open() throws IOException {
    return Files.newInputStream(file);
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("removing the kept copy " + file + " failed: " + e.getMessage(), e);
    }
  }
}
