package io.stackpilot.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Names JSON types the way an operator reads YAML: mapping, list, string, number. */
final class JsonTypes {

  private JsonTypes() {}

  static String describe(JsonNode node) {
    if (node.isObject()) return "a mapping";
    if (node.isArray()) return "a list";
    if (node.isTextual()) return "a string";
    if (node.isBoolean()) return "a boolean (" + node.asText() + ")";
    if (node.isNumber()) return "a number (" + node.asText() + ")";
    if (node.isNull()) return "nothing";
    return node.getNodeType().name().toLowerCase();
  }

  static String name(String schemaType) {
    return switch (schemaType) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "string" -> "a string";
      case "number" -> "a number";
      case "integer" -> "a whole number";
      case "boolean" -> "a boolean";
      case "null" -> "nothing";
      default -> schemaType;
    };
  }
}
