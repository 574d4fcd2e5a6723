package io.stackpilot.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer repo's URL travels in workflow inputs, the history and the Web UI: it must not carry credentials.
 * They come from the worker configuration, by URL prefix. Over SSH a user name alone ({@code ssh://git@host/…}) is
 * not a credential and stays allowed.
 */
public final class RepoUrl {

  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/@]*)@");

  /** {@code user@host:path}, git's scp form of an SSH URL. */
  private static final Pattern SCP = Pattern.compile("^(?:([^@/:]+)@)?([^/:]+):(?!//)(.*)$");
  private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(?:([^/@]*)@)?(\\[[^\\]]+\\]|[^/:]*)"
      + "(?::([0-9]*))?(/.*)?$");
  private static final java.util.Map<String, String> DEFAULT_PORTS = java.util.Map.of("https", "443", "http", "80",
      "ssh", "22", "git", "9418");

  private RepoUrl() {}

  /**
   * {@code url} in the one form rules are matched against: scheme and host in lower case, the scp form as
   * {@code ssh://}, {@code git+ssh} as {@code ssh}, no user, no default port, the path with percent-escapes decoded,
   * {@code .} and {@code ..} resolved and no empty segments. Empty when it cannot be read as a repo URL: a rule cannot
   * tell whether it covers such a URL, so it is refused wherever a rule could apply.
   */
  public static Optional<String> normalized(String url) {
    if (url == null || url.isEmpty() || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      return Optional.empty();
    }
    Matcher m = URL.matcher(url);
    String scheme;
    String host;
    String port;
    String path;
    if (m.matches()) {
      scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
      host = m.group(3).toLowerCase(java.util.Locale.ROOT);
      port = m.group(4) == null || m.group(4).isEmpty() ? null : m.group(4);
      path = m.group(5) == null ? "/" : m.group(5);
    } else {
      Matcher scp = SCP.matcher(url);
      if (!scp.matches() || url.startsWith("/")) {
        return Optional.empty();
      }
      scheme = "ssh";
      host = scp.group(2).toLowerCase(java.util.Locale.ROOT);
      port = null;
      path = "/" + scp.group(3);
    }
    if (scheme.equals("git+ssh") || scheme.equals("ssh+git")) {
      scheme = "ssh";
    }
    if (port != null && port.equals(DEFAULT_PORTS.get(scheme))) {
      port = null;
    }
    if (path.contains("?") || path.contains("#")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    java.util.Deque<String> segments = new java.util.ArrayDeque<>();
    for (String segment : decoded.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return Optional.empty();
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    String normalizedPath = "/" + String.join("/", segments) + (decoded.endsWith("/") && !segments.isEmpty() ? "/" : "");
    return Optional.of(scheme + "://" + host + (port == null ? "" : ":" + port) + normalizedPath);
  }

  /**
   * Whether the rule for {@code prefix} covers {@code url}, both normalised; false when either cannot be read. A rule
   * that names no port covers its host on any port.
   */
  public static boolean covers(String prefix, String url) {
    Optional<String> p = normalized(prefix);
    Optional<String> u = normalized(url);
    if (p.isEmpty() || u.isEmpty()) {
      return false;
    }
    String candidate = u.get();
    if (!hasPort(p.get())) {
      candidate = candidate.replaceFirst("^([a-z0-9+.-]+://[^/]*?)(:[0-9]+)?(/.*)$", "$1$3");
    }
    return candidate.startsWith(p.get());
  }

  private static boolean hasPort(String normalized) {
    return normalized.matches("^[a-z0-9+.-]+://[^/]*:[0-9]+(/.*)?$");
  }

  /** Why {@code url} may not be used as a repo URL, or empty. */
  public static Optional<String> refusal(String url) {
    Matcher m = USER_INFO.matcher(url);
    if (!m.find()) {
      return Optional.empty();
    }
    boolean ssh = m.group(1).equalsIgnoreCase("ssh") || m.group(1).equalsIgnoreCase("git+ssh");
    if (ssh && !m.group(2).contains(":")) {
      return Optional.empty();
    }
    return Optional.of("repo URL " + m.group(1) + "://****@" + url.substring(m.end())
        + " carries credentials; remove them and configure them in the worker configuration (git.credentials, by URL prefix)");
  }
}
