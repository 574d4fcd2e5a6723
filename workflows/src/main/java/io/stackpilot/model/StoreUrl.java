package io.stackpilot.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The rules a store location obeys beyond its shape: it names one place and cannot be steered out of it. A
 * {@code ..} segment, an empty segment, a space, a backslash, a query or a fragment could make two spellings of
 * one store differ, or move a customer's backups into another's prefix; each is refused.
 */
public final class StoreUrl {

  private StoreUrl() {}

  /** Why {@code location} is not a plain store location, or empty when it is. */
  public static Optional<String> refusal(String location) {
    if (location.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return Optional.of("contains a space or control character");
    }
    if (location.contains("?") || location.contains("#")) {
      return Optional.of("has a query or fragment (?…, #…); a store location is a plain path");
    }
    if (location.contains("\\")) {
      return Optional.of("contains a backslash");
    }
    if (location.contains("%")) {
      return Optional.of("contains an escape (%…); write the path as it is");
    }
    int scheme = location.indexOf("://");
    String path = scheme < 0 ? location : location.substring(scheme + 3);
    if (location.startsWith("file://")) {
      path = path.substring(1);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return Optional.of("has a '" + segment + "' segment; name the store's directory directly");
      }
    }
    if (path.contains("//") || (path.endsWith("/") && path.length() > 1)) {
      return Optional.of("has an empty segment ('//' or a trailing '/')");
    }
    return Optional.empty();
  }

  static List<Problem> problems(String file, String field, JsonNode location) {
    if (!location.isTextual()) {
      return List.of();
    }
    return refusal(location.asText()).map(why -> List.of(new Problem(file, field, "'" + location.asText() + "' " + why)))
        .orElse(List.of());
  }
}
