package io.stackpilot.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Reading the worker configuration's tree: dotted settings, files it names, durations. */
final class ConfigNodes {

  /** A URL prefix that names at least a host and ends the host with '/' (https://git.example.com/ …), or a file:/// path. */
  private static final Pattern URL_PREFIX = Pattern.compile("file:///\\S*|[a-z][a-z0-9+.-]*://[^/\\s]+/\\S*");

  private ConfigNodes() {}

  /** An empty or host-less prefix would send the credential to every URL it matches: refused. */
  static String urlPrefix(JsonNode entry, String at, List<String> problems) {
    String prefix = entry.path("urlPrefix").asText("");
    if (!URL_PREFIX.matcher(prefix).matches()) {
      problems.add(at + ".urlPrefix: '" + prefix + "' must name the scheme and host and end the host with '/', "
          + "e.g. https://git.example.com/ or ssh://git@git.example.com/ (a shorter prefix matches other hosts' URLs)");
    }
    return prefix;
  }

  static Path readableFile(JsonNode entry, String key, String at, String what, List<String> problems) {
    String value = entry.path(key).asText("");
    if (value.isEmpty()) {
      problems.add(at + "." + key + ": missing; " + what);
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      problems.add(at + "." + key + ": cannot read " + value + " (" + what + ")");
    }
    return path;
  }

  static Duration duration(String text) {
    try {
      java.time.Period period = text.contains("T") ? null : java.time.Period.parse(text);
      Duration parsed = period != null ? Duration.ofDays(period.toTotalMonths() * 30 + period.getDays()) : Duration.parse(text);
      return parsed.isNegative() || parsed.isZero() ? null : parsed;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String text(JsonNode root, String dotted) {
    JsonNode node = root;
    for (String key : dotted.split("\\.")) {
      node = node.path(key);
    }
    return node.isValueNode() && !node.asText().isBlank() ? node.asText() : null;
  }

  static String textOr(JsonNode root, String dotted, String fallback) {
    String value = text(root, dotted);
    return value == null ? fallback : value;
  }

  static Path path(JsonNode root, String dotted) {
    String value = text(root, dotted);
    return value == null ? null : Path.of(value);
  }

  static void set(ObjectNode root, String dotted, String value) {
    String[] keys = dotted.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < keys.length - 1; i++) {
      node = node.path(keys[i]) instanceof ObjectNode child ? child : node.putObject(keys[i]);
    }
    node.put(keys[keys.length - 1], value);
  }
}
