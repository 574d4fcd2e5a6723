package io.stackpilot.model;

import java.util.Comparator;

/** Orders release versions as numbers: 1.10.0 comes after 1.9.0. */
public final class ReleaseVersions {

  public static final Comparator<String> ORDER = (a, b) -> {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Long.compare(part(x, i), part(y, i));
      if (c != 0) {
        return c;
      }
    }
    return a.compareTo(b);
  };

  private ReleaseVersions() {}

  private static long part(String[] parts, int i) {
    try {
      return i < parts.length ? Long.parseLong(parts[i]) : 0;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
