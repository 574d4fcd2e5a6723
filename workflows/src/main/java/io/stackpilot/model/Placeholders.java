package io.stackpilot.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ${...} placeholders a release may use in service environment values, filled in from stack.yaml. */
public final class Placeholders {

  public static final List<String> ALLOWED = List.of("customer", "dns.public", "host", "release");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private Placeholders() {}

  public static Set<String> in(String value) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(value);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  public static String allowedList() {
    return String.join(", ", ALLOWED.stream().map(p -> "${" + p + "}").toList());
  }
}
