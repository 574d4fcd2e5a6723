package io.stackpilot.model;

/**
 * One thing wrong with a configuration file, naming the file, the path inside it and what is allowed.
 * Reads as {@code stack.yaml: services[2]: unknown service 'fax' (release 3.43.2 offers db, web)}.
 */
public record Problem(String file, String path, String message) {

  @Override
  public String toString() {
    return path.isEmpty() ? file + ": " + message : file + ": " + path + ": " + message;
  }
}
