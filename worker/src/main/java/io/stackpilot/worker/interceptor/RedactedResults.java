package io.stackpilot.worker.interceptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.stackpilot.activities.Redaction;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor.ActivityOutput;
import java.util.Iterator;
import java.util.Map;

/**
 * An activity's result as it may leave the worker: every text in it masked like failures ({@link Redaction}). A
 * result with nothing to mask leaves as it is; one with something masked leaves as the JSON the data converter would
 * have written, with the masks in it.
 */
final class RedactedResults {

  /** The data converter's own mapper: the JSON is the one the converter writes. */
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private RedactedResults() {}

  static ActivityOutput of(ActivityOutput output) {
    Object result = output.getResult();
    if (result == null || result instanceof Number || result instanceof Boolean) {
      return output;
    }
    if (result instanceof String text) {
      String masked = Redaction.mask(text);
      return masked.equals(text) ? output : new ActivityOutput(masked);
    }
    JsonNode tree;
    try {
      tree = JSON.valueToTree(result);
    } catch (IllegalArgumentException notJson) {
      return output;
    }
    return mask(tree) ? new ActivityOutput(tree) : output;
  }

  /** Masks every text in {@code node} in place; whether anything changed. */
  private static boolean mask(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual()) {
          String masked = Redaction.mask(field.getValue().asText());
          if (!masked.equals(field.getValue().asText())) {
            field.setValue(TextNode.valueOf(masked));
            changed = true;
          }
        } else {
          changed |= mask(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          String masked = Redaction.mask(array.get(i).asText());
          if (!masked.equals(array.get(i).asText())) {
            array.set(i, TextNode.valueOf(masked));
            changed = true;
          }
        } else {
          changed |= mask(array.get(i));
        }
      }
    }
    return changed;
  }
}
