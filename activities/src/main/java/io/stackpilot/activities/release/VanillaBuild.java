package io.stackpilot.activities.release;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.database.ReleaseSchema;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.Sha256;
import io.stackpilot.workflows.api.BackupKinds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds a release's vanilla backup from its sources, reproducibly — the same sources give the same bytes, because
 * the release store is write-once and a rebuild must not change a published part:
 * {@code db.sql.zst} is the release's migrations in version order, then {@code vanilla-src/seed.sql};
 * {@code files.tar.zst} is {@code vanilla-src/files/} as a tar sorted by name with a fixed owner, mode and time;
 * {@code manifest.json} names the release, its newest schema version and each part's SHA-256 and size.
 */
public final class VanillaBuild {

  /** The time every vanilla backup and its archive entries carry: fixed, so that rebuilding changes no byte. */
  public static final Instant BUILT_AT = Instant.parse("2026-10-01T00:00:00Z");
  private static final int LEVEL = 19;

  private final Path release;
  private final String version;

  /** {@code release}: a release's source directory {@code <version>/} holding release.yaml, migrations/, vanilla-src/. */
  public VanillaBuild(Path release) {
    this.release = release.toAbsolutePath().normalize();
    this.version = this.release.getFileName().toString();
  }

  /** Writes {@code vanilla/} beside the sources, replacing an earlier build of them; returns its manifest. */
  public BackupManifest build() {
    try {
      Path out = Files.createDirectories(release.resolve("vanilla"));
      Path tmp = Files.createTempDirectory(release, ".vanilla-");
      SortedMap<String, String> migrations = new DirectoryReleaseStore(release.getParent()).migrations(version);
      ReleaseSchema schema = ReleaseSchema.of(version, migrations.keySet());
      BackupManifest.Part db = write(tmp.resolve("db.sql.zst"), zstd -> database(migrations, zstd));
      BackupManifest.Part files = write(tmp.resolve("files.tar.zst"), this::files);
      BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, "vanilla-" + version, BackupKinds.VANILLA, null,
          version, schema.newest(), null, null, BUILT_AT.toString(),
          List.of(db, files), null);
      Files.write(tmp.resolve(BackupManifest.FILE), manifest.toJson());
      for (String part : List.of("db.sql.zst", "files.tar.zst", BackupManifest.FILE)) {
        Files.move(tmp.resolve(part), out.resolve(part), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.delete(tmp);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("building the vanilla backup of release " + version + " failed: " + e.getMessage(), e);
    }
  }

  private void database(SortedMap<String, String> migrations, OutputStream out) throws IOException {
    StringBuilder sql = new StringBuilder("-- Vanilla database of release " + version + ", built by stackctl release.\n"
        + "SET NAMES utf8mb4;\nSET FOREIGN_KEY_CHECKS=0;\n");
    migrations.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(MigrationOrder.BY_VERSION))
        .forEach(m -> sql.append("\n-- migrations/").append(m.getKey()).append('\n').append(m.getValue()));
    out.write(sql.toString().getBytes(StandardCharsets.UTF_8));
    Path seed = release.resolve("vanilla-src/seed.sql");
    if (Files.isRegularFile(seed)) {
      out.write("\n-- vanilla-src/seed.sql\n".getBytes(StandardCharsets.UTF_8));
      Files.copy(seed, out);
    }
    out.write("SET FOREIGN_KEY_CHECKS=1;\n".getBytes(StandardCharsets.UTF_8));
  }

  private void files(OutputStream out) throws IOException {
    Path root = release.resolve("vanilla-src/files");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      if (!Files.isDirectory(root)) {
        return;
      }
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(root)) {
        paths = walk.filter(p -> !p.equals(root)).sorted().toList();
      }
      for (Path path : paths) {
        boolean dir = Files.isDirectory(path);
        String name = root.relativize(path).toString().replace('\\', '/') + (dir ? "/" : "");
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(dir ? 040755 : 0100644);
        entry.setIds(0, 0);
        entry.setUserName("root");
        entry.setGroupName("root");
        entry.setLastModifiedTime(FileTime.from(BUILT_AT));
        if (!dir) {
          entry.setSize(Files.size(path));
        }
        tar.putArchiveEntry(entry);
        if (!dir) {
          Files.copy(path, tar);
        }
        tar.closeArchiveEntry();
      }
    }
  }

  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Compresses {@code content} with zstd into {@code file}; single-threaded, so the bytes depend on the input alone. */
  private static BackupManifest.Part write(Path file, Content content) throws IOException {
    try (OutputStream zstd = new ZstdOutputStream(Files.newOutputStream(file), LEVEL)) {
      content.writeTo(zstd);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Sha256.of(file.getFileName().toString(), in);
    }
  }
}
