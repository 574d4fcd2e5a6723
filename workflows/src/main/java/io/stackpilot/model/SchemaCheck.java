package io.stackpilot.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import java.util.stream.Collectors;

/**
 * Checks a document against one of the JSON Schemas in {@code config-samples/schema/} (stack.yaml, a release, the
 * worker's settings) and words each
 * violation for an operator: the path in the file, what was found, and what is allowed. A schema node's
 * {@code x-hint} replaces the generic wording where a pattern alone would not say what is meant.
 */
public final class SchemaCheck {

  /** JSON Schema 2020-12 plus our x-hint annotation, which words a violation where a pattern cannot. */
  private static final Dialect DIALECT =
      Dialect.builder(Dialects.getDraft202012()).keyword(new NonValidationKeyword("x-hint")).build();

  private final JsonNode schemaDocument;
  private final Schema schema;

  private SchemaCheck(JsonNode schemaDocument) {
    this.schemaDocument = schemaDocument;
    this.schema = SchemaRegistry.withDefaultDialect(DIALECT).getSchema(schemaDocument);
  }

  public static SchemaCheck fromClasspath(String name) {
    try (InputStream in = SchemaCheck.class.getResourceAsStream("/io/stackpilot/schema/" + name)) {
      if (in == null) {
        throw new IllegalStateException("schema " + name + " is missing from the classpath");
      }
      return new SchemaCheck(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Problem> check(String file, JsonNode document) {
    Set<Problem> problems = new LinkedHashSet<>();
    List<Error> errors = schema.validate(document);
    for (Error error : errors) {
      String location = keywordPointer(error);
      if (location.contains("/oneOf/")) {
        continue; // said by the oneOf error: what the alternatives are, or what is wrong with the one of its type
      }
      if (error.getKeyword().equals("oneOf")) {
        String chosen = alternativeOfItsType(location, error.getInstanceNode());
        List<Error> inner = chosen == null ? List.of() : errors.stream()
            .filter(e -> keywordPointer(e).startsWith(chosen) && !e.getKeyword().equals("type")).toList();
        if (!inner.isEmpty()) {
          inner.forEach(e -> problems.add(describe(file, document, e, keywordPointer(e))));
          continue;
        }
      }
      problems.add(describe(file, document, error, location));
    }
    return new ArrayList<>(problems);
  }

  /** The pointer (ending in a slash) of the oneOf alternative whose type is the instance's, or null. */
  private String alternativeOfItsType(String oneOfPointer, JsonNode instance) {
    JsonNode alternatives = schemaDocument.at(JsonPointer.compile(oneOfPointer));
    for (int i = 0; i < alternatives.size(); i++) {
      String type = alternatives.get(i).path("type").asText();
      if (type.equals("array") && instance.isArray() || type.equals("string") && instance.isTextual()
          || type.equals("object") && instance.isObject()) {
        return oneOfPointer + "/" + i + "/";
      }
    }
    return null;
  }

  private Problem describe(String file, JsonNode document, Error error, String keywordPointer) {
    JsonNode subschema = schemaDocument.at(JsonPointer.compile(keywordPointer).head());
    JsonNode instance = error.getInstanceNode();
    String path = InstancePath.format(error.getInstanceLocation());
    String hint = subschema.path("x-hint").asText(null);
    return switch (error.getKeyword()) {
      case "required" -> new Problem(file, InstancePath.child(path, error.getProperty()), "is required");
      case "additionalProperties" -> new Problem(file, InstancePath.child(path, error.getProperty()),
          "unknown key (allowed: " + allowedKeys(subschema) + ")");
      case "propertyNames" -> new Problem(file, InstancePath.child(path, error.getProperty()),
          propertyNameRule(subschema.path("propertyNames")));
      case "type" -> new Problem(file, path, "expected " + expectedTypes(subschema.path("type")) + ", got "
          + JsonTypes.describe(instance) + quoteAdvice(subschema.path("type"), instance));
      case "enum" -> new Problem(file, path, "'" + instance.asText() + "' is not one of " + list(subschema.path("enum")));
      case "pattern" -> new Problem(file, path, hint != null ? hint
          : "'" + instance.asText() + "' must match " + readable(subschema.path("pattern").asText()));
      case "uniqueItems" -> new Problem(file, path, duplicates(instance));
      case "minItems" -> new Problem(file, path, "must list at least " + subschema.path("minItems").asInt() + " item(s)");
      case "minProperties" -> new Problem(file, path, "must have at least " + subschema.path("minProperties").asInt() + " entry");
      case "minLength" -> new Problem(file, path, "must not be empty");
      case "minimum" -> new Problem(file, path, "must be at least " + subschema.path("minimum").asText());
      case "maximum" -> new Problem(file, path, "must be at most " + subschema.path("maximum").asText());
      case "exclusiveMinimum" -> new Problem(file, path, "must be greater than " + subschema.path("exclusiveMinimum").asText());
      case "oneOf" -> new Problem(file, path, "expected " + alternatives(subschema.path("oneOf")) + ", got "
          + JsonTypes.describe(instance) + (StreamSupport.stream(subschema.path("oneOf").spliterator(), false)
              .anyMatch(a -> a.path("type").asText().equals("string"))
              ? quoteAdvice(com.fasterxml.jackson.databind.node.TextNode.valueOf("string"), instance) : ""));
      default -> new Problem(file, path, error.getMessage());
    };
  }

  /** The JSON pointer of the failing keyword inside this schema document. */
  private static String keywordPointer(Error error) {
    String location = error.getSchemaLocation().toString();
    int hash = location.indexOf('#');
    return hash < 0 ? "" : location.substring(hash + 1);
  }

  private static String allowedKeys(JsonNode subschema) {
    return iterable(subschema.path("properties").fieldNames()).collect(Collectors.joining(", "));
  }

  private static String propertyNameRule(JsonNode rule) {
    if (rule.has("enum")) {
      return "is not one of " + list(rule.path("enum"));
    }
    if (rule.has("x-hint")) {
      return "name " + rule.path("x-hint").asText();
    }
    return "name must match " + readable(rule.path("pattern").asText());
  }

  private static String expectedTypes(JsonNode type) {
    if (type.isArray()) {
      List<String> names = StreamSupport.stream(type.spliterator(), false).map(t -> JsonTypes.name(t.asText())).toList();
      return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
    return JsonTypes.name(type.asText());
  }

  /** YAML turns 1.10 into a number and yes into a boolean: say how to keep the text. */
  private static String quoteAdvice(JsonNode type, JsonNode instance) {
    boolean wantsString = type.asText().equals("string");
    if (wantsString && (instance.isNumber() || instance.isBoolean())) {
      return "; quote it in YAML";
    }
    return "";
  }

  private static String alternatives(JsonNode oneOf) {
    return StreamSupport.stream(oneOf.spliterator(), false).map(alternative -> {
      String type = alternative.path("type").asText();
      if (type.equals("array") && alternative.path("items").has("type")) {
        return "a list of " + plural(alternative.path("items").path("type").asText());
      }
      return JsonTypes.name(type);
    }).collect(Collectors.joining(" or "));
  }

  private static String plural(String schemaType) {
    return switch (schemaType) {
      case "object" -> "mappings";
      case "array" -> "lists";
      default -> schemaType + "s";
    };
  }

  private static String duplicates(JsonNode array) {
    Set<String> seen = new LinkedHashSet<>();
    Set<String> repeated = new LinkedHashSet<>();
    array.forEach(item -> {
      if (!seen.add(item.asText())) {
        repeated.add("'" + item.asText() + "'");
      }
    });
    return String.join(", ", repeated) + (repeated.size() == 1 ? " is" : " are") + " listed more than once";
  }

  private static String list(JsonNode values) {
    return StreamSupport.stream(values.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(", "));
  }

  /** Shows a pattern without its anchors: [a-z0-9-]{2,40} reads better than ^[a-z0-9-]{2,40}$. */
  private static String readable(String pattern) {
    String p = pattern.startsWith("^") ? pattern.substring(1) : pattern;
    return p.endsWith("$") ? p.substring(0, p.length() - 1) : p;
  }

  private static <T> java.util.stream.Stream<T> iterable(java.util.Iterator<T> iterator) {
    Iterable<T> iterable = () -> iterator;
    return StreamSupport.stream(iterable.spliterator(), false);
  }
}
