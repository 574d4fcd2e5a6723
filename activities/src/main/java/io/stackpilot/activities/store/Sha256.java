package io.stackpilot.activities.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and digests the bytes that stream through it, so a part's SHA-256 costs no second read. */
public final class Sha256 extends FilterInputStream {

  private final MessageDigest digest;
  private long count;

  public Sha256(InputStream in) {
    super(in);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      digest.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  public long count() {
    return count;
  }

  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Reads {@code in} to its end and returns its digest and size. */
  public static BackupManifest.Part of(String name, InputStream in) throws IOException {
    try (Sha256 sha = new Sha256(in)) {
      sha.transferTo(java.io.OutputStream.nullOutputStream());
      return new BackupManifest.Part(name, sha.hex(), sha.count());
    }
  }
}
