package io.stackpilot.activities.files;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** A file on the host read as what it holds: gzip and zstd are recognised by their magic bytes, not their name. */
public final class CompressedFile {

  private static final int BUFFER = 1 << 16;

  private CompressedFile() {}

  /** The file's content, decompressed when it is gzip or zstd; the caller closes it. */
  public static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return new BufferedInputStream(new ZstdInputStream(in), BUFFER);
    }
    return in;
  }
}
