package io.stackpilot.activities;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of every text that leaves this process: failure messages reach the workflow history, the
 * Web UI and the worker log, and they quote container logs, the mariadb client's stderr and URLs. Every secret value
 * the host agent resolves and every credential of the worker configuration is remembered and masked; credentials in
 * URLs and Azure connection strings are masked by shape; quoted text is capped.
 */
public final class Redaction {

  /** Longest text a failure carries: enough for the lines that explain it, far below Temporal's payload limit. */
  public static final int MAX_CHARS = 4000;
  public static final String MASK = "****";

  /** Shorter values would mask ordinary words; a secret that short is not one. */
  private static final int MIN_SECRET = 4;
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
  /** user:password@ in any URL, and a bare user@ over HTTP(S), where it is a token; ssh://git@ names no secret. */
  private static final Pattern URL_USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@:\\s]*:[^/@\\s]*@|((?i)https?://)[^/@\\s]+@");
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)((?:AccountKey|SharedAccessSignature|sig|password|passwd|token|secret|apiKey)=)[^;&\\s]+");

  private Redaction() {}

  /** Masks {@code value} from now on, with and without surrounding white space, line by line for multi-line values. */
  public static void remember(byte[] value) {
    remember(new String(value, StandardCharsets.UTF_8));
  }

  public static void remember(String value) {
    if (value == null) {
      return;
    }
    add(value);
    add(value.strip());
    value.lines().forEach(line -> add(line.strip()));
  }

  private static void add(String value) {
    if (value.length() >= MIN_SECRET) {
      SECRETS.add(value);
    }
  }

  /** {@code text} as it may leave the process: secrets masked, credentials in URLs masked, at most {@link #MAX_CHARS}. */
  public static String apply(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    List<String> longestFirst = SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String secret : longestFirst) {
      if (masked.contains(secret)) {
        masked = masked.replace(secret, MASK);
      }
    }
    masked = URL_USER_INFO.matcher(masked).replaceAll(m -> (m.group(1) != null ? m.group(1) : m.group(2)) + MASK + "@");
    masked = KEY_VALUE.matcher(masked).replaceAll("$1" + MASK);
    if (masked.length() > MAX_CHARS) {
      masked = masked.substring(0, MAX_CHARS) + "… (" + (masked.length() - MAX_CHARS) + " more characters cut)";
    }
    return masked;
  }
}
