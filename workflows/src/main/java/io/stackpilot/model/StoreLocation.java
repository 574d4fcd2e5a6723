package io.stackpilot.model;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where backups or releases are kept: a directory ({@code file:///mnt/backup-share/acme}, a share mounted on the host)
 * or an Azure Blob container with an optional prefix ({@code azure://<account>/<container>[/<prefix>]}). The one place
 * a store location is read; it is plain by {@link StoreUrl}'s rules first.
 */
public sealed interface StoreLocation {

  String FORMS = "file:///<path> or azure://<account>/<container>[/<prefix>]";

  /** A directory on the host. */
  record Directory(Path dir) implements StoreLocation {
    @Override
    public String text() {
      return "file://" + dir;
    }
  }

  /** A container of a storage account, and the prefix of the blob names under it (null: none). */
  record Azure(String account, String container, String prefix) implements StoreLocation {
    static final Pattern FORM = Pattern.compile("azure://([a-z0-9]{3,24})/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])(/(.*))?");

    @Override
    public String text() {
      return "azure://" + account + "/" + container + (prefix == null ? "" : "/" + prefix);
    }
  }

  /** The location as it is written. */
  String text();

  /** The location {@code text} writes, or empty when it is not a plain {@link #FORMS}. */
  static Optional<StoreLocation> parse(String text) {
    if (text == null || StoreUrl.refusal(text).isPresent()) {
      return Optional.empty();
    }
    if (text.startsWith("file:///")) {
      try {
        return Optional.of(new Directory(Path.of(URI.create(text))));
      } catch (IllegalArgumentException notAPath) {
        return Optional.empty();
      }
    }
    Matcher m = Azure.FORM.matcher(text);
    return m.matches() ? Optional.of(new Azure(m.group(1), m.group(2), m.group(4))) : Optional.empty();
  }

  /** As {@link #parse}, and a release store may also be a plain absolute path on the host. */
  static Optional<StoreLocation> parseRelease(String text) {
    if (text != null && text.startsWith("/") && StoreUrl.refusal(text).isEmpty()) {
      return Optional.of(new Directory(Path.of(text)));
    }
    return parse(text);
  }

  /** Why {@code text} is not a store location, or empty when it is one. */
  static Optional<String> refusal(String text) {
    return StoreUrl.refusal(text).or(() -> parse(text).isPresent() ? Optional.empty()
        : Optional.of("is not " + FORMS));
  }
}
