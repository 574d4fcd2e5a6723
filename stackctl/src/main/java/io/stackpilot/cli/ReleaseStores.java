package io.stackpilot.cli;

import io.stackpilot.model.DirectoryReleaseCatalog;
import io.stackpilot.model.ReleaseCatalog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a release store from what an operator types: a directory, a file:// URL, or an http(s):// URL. */
final class ReleaseStores {

  private ReleaseStores() {}

  static ReleaseCatalog open(String location) {
    if (location.startsWith("http://") || location.startsWith("https://")) {
      return new HttpReleaseCatalog(URI.create(location));
    }
    Path dir = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("'" + location + "' is not a directory, a file:// URL or an http(s):// URL");
    }
    return new DirectoryReleaseCatalog(dir);
  }

  /** A query string may be a SAS token, which is a credential: it never appears in a message. */
  static String redacted(String location) {
    int q = location.indexOf('?');
    return q < 0 ? location : location.substring(0, q) + "?…";
  }
}
