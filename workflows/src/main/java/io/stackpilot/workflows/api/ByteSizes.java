package io.stackpilot.workflows.api;

import java.util.Locale;

/** Sizes as an operator reads them, in decimal units: 865 B, 12.3 MB, 41.0 GB. */
public final class ByteSizes {

  private ByteSizes() {}

  public static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
