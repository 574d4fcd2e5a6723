package io.stackpilot.activities.store;

import io.stackpilot.model.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup store on a mounted SMB/NFS share. Each file is written to a temporary name, flushed to disk, then
 * linked to its final name, which fails if the name exists: an atomic create that never replaces; where the share
 * cannot link, the final name is created exclusively. Written files are made read-only.
 */
public final class FileShareBackupStore implements BackupStore {

  private static final Logger log = LoggerFactory.getLogger(FileShareBackupStore.class);
  private static final int BUFFER = 1 << 20;

  private final Path root;
  private final WriteOnceFiles files;

  public FileShareBackupStore(Path root) {
    this(root, true);
  }

  /** {@code hardLinks} false: the path a share takes once it has refused a link, from the first write. */
  FileShareBackupStore(Path root, boolean hardLinks) {
    this.root = root.toAbsolutePath().normalize();
    this.files = new WriteOnceFiles(this.root, hardLinks);
  }

  @Override
  public String location() {
    return root.toUri().toString();
  }

  /** A share that is not there must not read as one without backups. */
  private void requireShare() {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new UncheckedIOException(new IOException("the backup share " + root + " is not a directory (is it mounted?)"));
    }
  }

  @Override
  public List<StoredBackup> storedBackups(String customer) {
    requireShare();
    Path dir = path(customer);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<StoredBackup> stored = new ArrayList<>();
    try (Stream<Path> backups = Files.list(dir)) {
      for (Path backup : backups.filter(Files::isDirectory).filter(b -> !b.getFileName().toString().startsWith("."))
          .filter(b -> !SegmentArchive.holdsSegments(b.getFileName().toString())).toList()) {
        long bytes = 0;
        try (Stream<Path> parts = Files.list(backup)) {
          for (Path part : parts.filter(Files::isRegularFile).toList()) {
            String name = part.getFileName().toString();
            if (!name.startsWith(".") && !name.equals(BackupManifest.FILE)) {
              bytes += Files.size(part);
            }
          }
        }
        stored.add(new StoredBackup(backup.getFileName().toString(), manifest(backup), bytes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return stored;
  }

  /** The manifest of the backup in {@code backup}, or null when it has none: without one the backup does not exist. */
  private static BackupManifest manifest(Path backup) {
    Path manifest = backup.resolve(BackupManifest.FILE);
    if (!Files.isRegularFile(manifest)) {
      return null;
    }
    try {
      return BackupManifest.parse(Files.readAllBytes(manifest));
    } catch (IOException e) {
      log.warn("ignoring backup {}: its manifest does not parse: {}", backup, e.getMessage());
      return null;
    }
  }

  @Override
  public List<String> partNames(String customer, String backupId) {
    requireShare();
    Path dir = path(customer, backupId);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> parts = Files.list(dir)) {
      return parts.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream openPart(String customer, String backupId, String part) {
    try {
      return Files.newInputStream(path(customer, backupId, part));
    } catch (NoSuchFileException e) {
      throw new MissingPartException(location(), customer, backupId, part);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public BackupManifest.Part writePart(String customer, String backupId, String part, InputStream data) {
    Path target = path(customer, backupId, part);
    try (Sha256 sha = new Sha256(data)) {
      files.create(target, out -> {
        byte[] buffer = new byte[BUFFER];
        for (int n = sha.read(buffer); n >= 0; n = sha.read(buffer)) {
          out.write(buffer, 0, n);
        }
      });
      return new BackupManifest.Part(part, sha.hex(), sha.count());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeManifest(BackupManifest manifest) {
    Path target = path(manifest.customer(), manifest.backupId(), BackupManifest.FILE);
    byte[] json = manifest.toJson();
    try {
      files.create(target, out -> out.write(json));
    } catch (AlreadyExistsException e) {
      if (!sameContent(target, json)) {
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public BackupManifest importVanilla(ReleaseStore releases, String customer, String release,
      Consumer<String> progress) {
    BackupManifest vanilla = releases.vanillaManifest(release).forCustomer(customer);
    Path manifest = path(customer, vanilla.backupId(), BackupManifest.FILE);
    if (Files.isRegularFile(manifest)) {
      return vanilla;
    }
    for (BackupManifest.Part expected : vanilla.parts()) {
      if (Files.exists(path(customer, vanilla.backupId(), expected.name()))) {
        // Left by an earlier attempt: its size alone proves nothing.
        BackupVerifier.verifyPart(this, vanilla, expected, progress);
        continue;
      }
      try (InputStream source = new Progress(releases.openVanillaPart(release, expected.name()),
          "copy " + expected.name() + " of " + vanilla.backupId(), expected.size(), progress)) {
        BackupManifest.Part copied = writePart(customer, vanilla.backupId(), expected.name(), source);
        if (!copied.sha256().equals(expected.sha256()) || copied.size() != expected.size()) {
          throw new TamperedBackupException(vanilla.backupId(), expected.name(),
              "in the release store does not match its manifest");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    writeManifest(vanilla);
    return vanilla;
  }

  private static boolean sameContent(Path file, byte[] expected) {
    try {
      return Arrays.equals(Files.readAllBytes(file), expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteManifest(String customer, String backupId) {
    try {
      Files.deleteIfExists(path(customer, backupId, BackupManifest.FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long deleteIncomplete(String customer, String backupId) {
    requireShare();
    Path dir = path(customer, backupId);
    if (Files.exists(dir.resolve(BackupManifest.FILE))) {
      throw new IllegalStateException("backup " + backupId + " of " + customer + " has a manifest: not deleting its parts");
    }
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long bytes = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        bytes += Files.isRegularFile(file) ? Files.size(file) : 0;
        Files.delete(file);
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  @Override
  public List<String> segmentArchiveIds(String customer) {
    requireShare();
    Path dir = path(customer);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> ids = Files.list(dir)) {
      return ids.filter(Files::isDirectory).map(id -> id.getFileName().toString())
          .filter(SegmentArchive::holdsSegments).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long deletePart(String customer, String backupId, String part) {
    requireShare();
    Path file = path(customer, backupId, part);
    try {
      long bytes = Files.isRegularFile(file) ? Files.size(file) : 0;
      return Files.deleteIfExists(file) ? bytes : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path below the root, from names that cannot leave it. */
  private Path path(String... names) {
    Path path = root;
    for (String name : names) {
      if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
        throw new InvalidConfigurationException("'" + name + "' is not a valid customer, backup id or part name");
      }
      path = path.resolve(name);
    }
    return path;
  }
}
