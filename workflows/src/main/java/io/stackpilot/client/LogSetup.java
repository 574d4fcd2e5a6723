package io.stackpilot.client;

import java.util.Map;
import java.util.Optional;

/**
 * Chooses a program's logging configuration by name before anything logs, so that no other jar's configuration on the
 * class path can win by its order there: {@code <program>-logback.xml} (text, one line an event with its date), or
 * {@code <program>-logback-json.xml} (one JSON object a line) when {@code STACKPILOT_LOG_FORMAT=json}. A
 * {@code -Dlogback.configurationFile} given on the command line wins over both.
 */
public final class LogSetup {

  public static final String FORMAT_VARIABLE = "STACKPILOT_LOG_FORMAT";
  private static final String PROPERTY = "logback.configurationFile";

  private LogSetup() {}

  /** Sets the configuration of {@code program}; a refusal when the format asked for is neither text nor json. */
  public static Optional<String> choose(String program, Map<String, String> environment) {
    if (System.getProperty(PROPERTY) != null) {
      return Optional.empty();
    }
    String format = environment.getOrDefault(FORMAT_VARIABLE, "text");
    if (!format.equals("text") && !format.equals("json")) {
      return Optional.of(FORMAT_VARIABLE + ": '" + format + "' is not one of text, json");
    }
    System.setProperty(PROPERTY, program + "-logback" + (format.equals("json") ? "-json" : "") + ".xml");
    return Optional.empty();
  }
}
