package io.stackpilot.activities.files;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Decides, entry by entry in archive order, whether a tar entry stays inside the directory it is extracted to: names,
 * link targets, and paths that would pass through a symbolic link the archive made earlier (a link to "." followed by
 * "link/../x" leaves the volume although each name alone stays inside). Only files, directories and links are
 * accepted: device nodes and FIFOs in a files volume are an attack on whatever opens them. One instance per reading
 * of an archive.
 */
final class SafeEntries {

  private static final Path ROOT = Path.of("/data");
  /** Permission bits a restored entry keeps: setuid, setgid and sticky are stripped. */
  static final int PERMISSIONS = 0777;

  private final Set<Path> links = new HashSet<>();

  /** The entry's path below the root, or an exception naming the entry that would escape. */
  String check(TarArchiveEntry entry) {
    String name = entry.getName();
    boolean special = entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO();
    if (special || !entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink()) {
      throw new UnsafeArchiveException("entry '" + name + "' is " + (entry.isCharacterDevice() || entry.isBlockDevice()
          ? "a device node" : entry.isFIFO() ? "a FIFO" : "neither a file, a directory nor a link")
          + ", which a files volume does not hold");
    }
    Path target = inside(name, name);
    throughNoLink(target, name);
    if (entry.isSymbolicLink()) {
      String link = entry.getLinkName();
      if (link.startsWith("/")) {
        throw new UnsafeArchiveException("entry '" + name + "' links to the absolute path '" + link + "'");
      }
      Path resolved = target.getParent().resolve(link).normalize();
      if (!resolved.startsWith(ROOT)) {
        throw new UnsafeArchiveException("entry '" + name + "' links to '" + link + "', outside the files volume");
      }
      links.add(target);
    }
    if (entry.isLink()) {
      throughNoLink(inside(entry.getLinkName(), name), name);
    }
    return ROOT.relativize(target).toString();
  }

  /**
   * The entry as it is restored: inside the volume, without setuid, setgid or sticky bits, without owner names, owned
   * by {@code owner} ({@code uid:gid}) when one is given.
   */
  TarArchiveEntry restored(TarArchiveEntry entry, String owner) {
    entry.setName(check(entry) + (entry.isDirectory() ? "/" : ""));
    entry.setMode(entry.getMode() & ~07777 | entry.getMode() & PERMISSIONS);
    entry.setUserName("");
    entry.setGroupName("");
    if (owner != null) {
      String[] ids = owner.split(":");
      entry.setUserId(Long.parseLong(ids[0]));
      entry.setGroupId(Long.parseLong(ids[1]));
    }
    return entry;
  }

  private void throughNoLink(Path target, String entry) {
    for (Path parent = target.getParent(); parent != null && !parent.equals(ROOT); parent = parent.getParent()) {
      if (links.contains(parent)) {
        throw new UnsafeArchiveException("entry '" + entry + "' passes through the symbolic link '"
            + ROOT.relativize(parent) + "' the archive made");
      }
    }
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
