package io.stackpilot.activities.files;

import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Decides whether a tar entry stays inside the directory it is extracted to: names, and link targets. */
final class SafeEntries {

  private static final Path ROOT = Path.of("/data");

  private SafeEntries() {}

  /** The entry's path below the root, or an exception naming the entry that would escape. */
  static String check(TarArchiveEntry entry) {
    String name = entry.getName();
    Path target = inside(name, name);
    if (entry.isSymbolicLink()) {
      String link = entry.getLinkName();
      if (link.startsWith("/")) {
        throw new UnsafeArchiveException("entry '" + name + "' links to the absolute path '" + link + "'");
      }
      Path resolved = target.getParent().resolve(link).normalize();
      if (!resolved.startsWith(ROOT)) {
        throw new UnsafeArchiveException("entry '" + name + "' links to '" + link + "', outside the files volume");
      }
    }
    if (entry.isLink()) {
      inside(entry.getLinkName(), name);
    }
    return ROOT.relativize(target).toString();
  }

  private static Path inside(String path, String entry) {
    if (path.startsWith("/")) {
      throw new UnsafeArchiveException("entry '" + entry + "' has the absolute path '" + path + "'");
    }
    Path target = ROOT.resolve(path).normalize();
    if (!target.startsWith(ROOT)) {
      throw new UnsafeArchiveException("entry '" + entry + "' escapes the files volume");
    }
    return target;
  }
}
