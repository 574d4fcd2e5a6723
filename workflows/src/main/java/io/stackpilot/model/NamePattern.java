package io.stackpilot.model;

import java.util.regex.Pattern;

/**
 * A name with {@code *} for any run of characters ({@code acme*}, {@code eu-*}), as grants and customer key groups
 * name customers and hosts; nothing else in it is special.
 */
public final class NamePattern {

  /** What a customer or host pattern may hold: the characters of their names, and {@code *}. */
  public static final Pattern FORM = Pattern.compile("[a-z0-9*][a-z0-9.*-]{0,62}");

  private NamePattern() {}

  public static boolean matches(String pattern, String name) {
    String[] parts = pattern.split("\\*", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      regex.append(Pattern.quote(parts[i]));
      if (i < parts.length - 1) {
        regex.append(".*");
      }
    }
    return name.matches(regex.toString());
  }
}
