package io.stackpilot.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Reads a YAML configuration file into a tree, or says where and why it is not YAML. Anchors and aliases are
 * refused: the parser would turn {@code host: *rel} into the host "rel", and they let a small file expand into a
 * huge one. A document larger than {@link #MAX_CHARS} is refused before it is parsed: it travels in Temporal
 * payloads (2 MB at most) and no stack or release needs a fraction of that.
 */
public final class YamlDocument {

  static final int MAX_CHARS = 256 * 1024;

  private static final ObjectMapper YAML =
      new ObjectMapper(YAMLFactory.builder().build()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private YamlDocument() {}

  /** The document's root mapping; problems name the line and column where parsing failed. */
  public static Result<JsonNode> read(String file, String text) {
    if (text != null && text.length() > MAX_CHARS) {
      return Result.invalid(List.of(new Problem(file, "", "is " + text.length() + " characters long; at most " + MAX_CHARS
          + " are accepted")));
    }
    Optional<Problem> control = controlCharacter(file, text == null ? "" : text);
    if (control.isPresent()) {
      return Result.invalid(List.of(control.get()));
    }
    JsonNode root;
    try {
      root = YAML.readTree(text == null ? "" : text);
      Optional<Problem> alias = aliasOrAnchor(file, text == null ? "" : text);
      if (alias.isPresent()) {
        return Result.invalid(List.of(alias.get()));
      }
    } catch (YAMLException e) {
      return Result.invalid(List.of(new Problem(file, "", "not valid YAML: " + firstLine(e.getMessage()))));
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
    Optional<Problem> escaped = escapedControl(file, root, "");
    if (escaped.isPresent()) {
      return Result.invalid(List.of(escaped.get()));
    }
    return Result.valid(root);
  }

  /**
   * A control character that an escape in a quoted scalar ({@code "\x85"}, {@code "\0"}) put into a key or value:
   * the text check cannot see it, and a field without a rule of its own would carry it into a label, a log or a file.
   * Tab and line breaks are left to the fields' own rules, which name them.
   */
  private static Optional<Problem> escapedControl(String file, JsonNode node, String at) {
    if (node.isTextual()) {
      OptionalInt c = node.asText().chars().filter(YamlDocument::escapedControl).findFirst();
      return c.isEmpty() ? Optional.empty() : Optional.of(new Problem(file, at, String.format("holds the control character "
          + "U+%04X (written as an escape); a stack file is text without control characters", c.getAsInt())));
    }
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
      if (field.getKey().chars().anyMatch(YamlDocument::escapedControl)) {
        return Optional.of(new Problem(file, at.isEmpty() ? "" : at, "has a key holding a control character (written as "
            + "an escape); keys are names without control characters"));
      }
      Optional<Problem> inside = escapedControl(file, field.getValue(), path);
      if (inside.isPresent()) {
        return inside;
      }
    }
    for (int i = 0; node.isArray() && i < node.size(); i++) {
      Optional<Problem> inside = escapedControl(file, node.get(i), at + "[" + i + "]");
      if (inside.isPresent()) {
        return inside;
      }
    }
    return Optional.empty();
  }

  private static boolean escapedControl(int c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
  }

  /** A C0 control character other than tab and line breaks, DEL or a C1 control character, anywhere in the file. */
  private static Optional<Problem> controlCharacter(String file, String text) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        column = 1;
        continue;
      }
      if ((c < 0x20 && c != '\t' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
        return Optional.of(new Problem(file, "line " + line + ", column " + column, String.format("holds the control "
            + "character U+%04X; a stack file is text without control characters", (int) c)));
      }
      column++;
    }
    return Optional.empty();
  }

  /**
   * The first anchor or alias, read from the parser's events (Jackson does not report anchors on plain values), or a
   * second document, which Jackson would silently ignore.
   */
  private static Optional<Problem> aliasOrAnchor(String file, String text) {
    int documents = 0;
    for (Event event : new Yaml().parse(new StringReader(text))) {
      if (event instanceof DocumentStartEvent && ++documents > 1) {
        Mark where = event.getStartMark();
        return Optional.of(new Problem(file, "line " + (where.getLine() + 1), "starts a second YAML document ('---'); "
            + "the file holds one document, and a second would be ignored"));
      }
      boolean alias = event instanceof AliasEvent;
      String anchor = event instanceof NodeEvent node ? node.getAnchor() : null;
      if (alias || anchor != null) {
        Mark where = event.getStartMark();
        return Optional.of(new Problem(file, "line " + (where.getLine() + 1) + ", column " + (where.getColumn() + 1),
            (alias ? "alias *" : "anchor &") + anchor
                + ": YAML anchors and aliases are not accepted; write the value out"));
      }
    }
    return Optional.empty();
  }

  static ObjectMapper mapper() {
    return YAML;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
