package io.stackpilot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** How a command prints: lines for people, or JSON for scripts (one document, or one object a line while following). */
final class Output {

  enum Format { text, json }

  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "<format>",
      description = "text or json (default: ${DEFAULT-VALUE}). Valid values: ${COMPLETION-CANDIDATES}.")
  Format format;

  boolean json() {
    return format == Format.json;
  }

  /** One JSON document on its own line. */
  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
