package io.stackpilot.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading the worker configuration's tree: dotted settings, unknown keys, files it names, durations. */
final class ConfigNodes {

  /** A URL prefix that names at least a host and ends the host with '/' (https://git.example.com/ …), or a file:/// path. */
  private static final Pattern URL_PREFIX = Pattern.compile("file:///\\S*|[a-z][a-z0-9+.-]*://[^/\\s]+/\\S*");

  private ConfigNodes() {}

  /** Reports every key {@code spec} does not know, by its full name, with the keys allowed there. */
  static void unknownKeys(JsonNode node, JsonNode spec, String at, List<String> problems) {
    if (node.isObject() && spec.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode sub = spec.has(field.getKey()) ? spec.get(field.getKey()) : spec.get("*");
        String name = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
        if (sub == null) {
          List<String> allowed = new ArrayList<>();
          spec.fieldNames().forEachRemaining(allowed::add);
          problems.add(name + ": unknown setting (allowed" + (at.isEmpty() ? "" : " under " + at) + ": "
              + String.join(", ", allowed) + ")");
        } else {
          unknownKeys(field.getValue(), sub, name, problems);
        }
      }
    } else if (node.isArray() && spec.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        unknownKeys(node.get(i), spec.get(0), at + "[" + i + "]", problems);
      }
    } else if (spec.isContainerNode() && !node.isNull()) {
      problems.add(at + ": expected " + (spec.isObject() ? "a mapping of settings" : "a list") + ", got '" + node.asText() + "'");
    }
  }

  static JsonNode known(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

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
