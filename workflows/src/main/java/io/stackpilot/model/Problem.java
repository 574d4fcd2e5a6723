package io.stackpilot.model;

/**
 * One thing wrong with a configuration file, naming the file, the path inside it and what is allowed.
 * Reads as {@code stack.yaml: services[2]: unknown service 'fax' (release 3.43.2 offers db, web)}.
 */
public record Problem(String file, String path, String message) {

  /** A value quoted from the input may hold line breaks or control characters: shown escaped, one problem per line. */
  public Problem {
    path = visible(path);
    message = visible(message);
  }

  /** {@code text} with control characters written as escapes, so that a message stays on its line. */
  public static String visible(String text) {
    if (text == null || text.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.chars().forEach(c -> {
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.append((char) c);
          }
        }
      }
    });
    return out.toString();
  }

  @Override
  public String toString() {
    return path.isEmpty() ? file + ": " + message : file + ": " + path + ": " + message;
  }
}
