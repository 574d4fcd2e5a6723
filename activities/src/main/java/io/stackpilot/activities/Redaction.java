package io.stackpilot.activities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
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

  /**
   * Masks the secret files of every stack in {@code stacksDir}: a host agent that restarts knows again, before any step
   * runs, the values it resolved before (a retry's failure may quote one before the agent resolves it anew).
   */
  public static void rememberSecretFiles(Path stacksDir) {
    try (Stream<Path> stacks = Files.isDirectory(stacksDir) ? Files.list(stacksDir) : Stream.empty()) {
      for (Path secrets : stacks.map(stack -> stack.resolve("secrets")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(secrets)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            remember(Files.readAllBytes(file));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the stacks' secret files in " + stacksDir + " failed: " + e.getMessage(), e);
    }
  }

  /** The value, and the forms it takes in a URL, a query string or a base64 blob (Basic auth, a JSON web token). */
  private static void add(String value) {
    if (value.length() < MIN_SECRET) {
      return;
    }
    SECRETS.add(value);
    String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
    SECRETS.add(url);
    SECRETS.add(url.replace("+", "%20"));
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset < 3; offset++) {
      for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
        String fragment = base64Fragment(encoder, bytes, offset);
        if (fragment.length() >= 2 * MIN_SECRET) {
          SECRETS.add(fragment);
        }
      }
    }
  }

  /**
   * The base64 characters that {@code bytes} alone decide when they start {@code offset} bytes into a longer encoded
   * text: whatever precedes or follows them, an encoding of text that holds the value holds these characters.
   */
  private static String base64Fragment(Base64.Encoder encoder, byte[] bytes, int offset) {
    byte[] shifted = new byte[offset + bytes.length];
    System.arraycopy(bytes, 0, shifted, offset, bytes.length);
    String encoded = encoder.withoutPadding().encodeToString(shifted);
    int first = (8 * offset + 5) / 6;
    int end = 8 * (offset + bytes.length) / 6;
    return first < end ? encoded.substring(first, end) : "";
  }

  /** {@code text} as it may leave the process: secrets masked, credentials in URLs masked, at most {@link #MAX_CHARS}. */
  public static String apply(String text) {
    String masked = mask(text);
    if (masked != null && masked.length() > MAX_CHARS) {
      masked = masked.substring(0, MAX_CHARS) + "… (" + (masked.length() - MAX_CHARS) + " more characters cut)";
    }
    return masked;
  }

  /** {@code text} with secrets and credentials in URLs masked, whatever its length (progress, results). */
  public static String mask(String text) {
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
    return masked;
  }
}
