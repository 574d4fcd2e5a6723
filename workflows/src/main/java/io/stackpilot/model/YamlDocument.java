package io.stackpilot.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;

/** Reads a YAML configuration file into a tree, or says where and why it is not YAML. */
final class YamlDocument {

  private static final ObjectMapper YAML =
      new ObjectMapper(YAMLFactory.builder().build()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private YamlDocument() {}

  /** The document's root mapping; problems name the line and column where parsing failed. */
  static Result<JsonNode> read(String file, String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text == null ? "" : text);
    } catch (JsonProcessingException e) {
      var where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      return Result.invalid(List.of(new Problem(file, where, "not valid YAML: " + firstLine(e.getOriginalMessage()))));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return Result.invalid(List.of(new Problem(file, "", "is empty; expected a mapping of keys")));
    }
    if (!root.isObject()) {
      return Result.invalid(List.of(new Problem(file, "", "expected a mapping of keys, got " + JsonTypes.describe(root))));
    }
    return Result.valid(root);
  }

  static ObjectMapper mapper() {
    return YAML;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
