package io.stackpilot.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory limit as a release writes it ({@code 512m}, {@code 2g}; units b, k, m, g in powers of 1024), read once
 * into bytes. The written form is also the JSON form.
 */
public record MemorySize(String spec, long bytes) {

  private static final Pattern SIZE = Pattern.compile("(\\d+)([bkmg])");

  @JsonCreator
  public static MemorySize parse(String spec) {
    Matcher m = spec == null ? null : SIZE.matcher(spec);
    if (m == null || !m.matches()) {
      throw new InvalidConfigurationException("size '" + spec + "' is not a number with a unit b, k, m or g, e.g. 512m");
    }
    long n = Long.parseLong(m.group(1));
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      default -> 0;
    };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new InvalidConfigurationException("size '" + spec + "' is too large");
    }
    return new MemorySize(spec, n << shift);
  }

  @JsonValue
  @Override
  public String spec() {
    return spec;
  }
}
