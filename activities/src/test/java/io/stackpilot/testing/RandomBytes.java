package io.stackpilot.testing;

import java.io.InputStream;
import java.util.SplittableRandom;

/** Deterministic pseudo-random bytes generated on the fly: a test never holds them in memory. */
public final class RandomBytes extends InputStream {

  private final SplittableRandom random;
  private long remaining;

  public RandomBytes(long size, long seed) {
    this.remaining = size;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public int read() {
    if (remaining == 0) {
      return -1;
    }
    remaining--;
    return random.nextInt(256);
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (remaining == 0) {
      return -1;
    }
    int n = (int) Math.min(length, remaining);
    for (int i = 0; i < n; i++) {
      buffer[offset + i] = (byte) random.nextInt(256);
    }
    remaining -= n;
    return n;
  }
}
