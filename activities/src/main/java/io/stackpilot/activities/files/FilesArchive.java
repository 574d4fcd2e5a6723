package io.stackpilot.activities.files;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.ProducedStream;
import io.stackpilot.activities.store.Progress;
import io.stackpilot.activities.store.Sha256;
import io.stackpilot.activities.store.TamperedBackupException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The files part of a backup: a stack's files volume as {@code files.tar.zst}, without the excluded paths.
 * Docker's archive API reads and writes the volume through a helper container that is never started; every
 * entry is re-written on the way, so excluded paths stay out and nothing extracts outside the volume.
 */
public final class FilesArchive {

  public static final String PART = "files.tar.zst";

  private final DockerClient docker;
  private final String helperImage;

  /** {@code helperImage}: any image on the host; the helper container only lends the volume a mount point. */
  public FilesArchive(DockerClient docker, String helperImage) {
    this.docker = docker;
    this.helperImage = helperImage;
  }

  public BackupManifest.Part backup(String volume, List<String> exclude, BackupStore store, String customer, String backupId,
      Consumer<String> progress) {
    String helper = helper(volume);
    try (InputStream volumeTar = docker.copyArchiveFromContainerCmd(helper, "/data/.").exec();
         ProducedStream compressed = ProducedStream.start(sink -> {
           try (TarArchiveInputStream in = new TarArchiveInputStream(volumeTar);
                TarArchiveOutputStream out = new TarArchiveOutputStream(new ZstdOutputStream(sink, 3))) {
             out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
             out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
             for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
               String path = relative(entry.getName());
               if (path.isEmpty() || excluded(path, exclude)) {
                 continue;
               }
               entry.setName(entry.isDirectory() ? path + "/" : path);
               out.putArchiveEntry(entry);
               in.transferTo(out);
               out.closeArchiveEntry();
             }
           }
           return null;
         });
         InputStream reported = new Progress(compressed, "archive " + PART + " into " + backupId, Progress.UNKNOWN,
             progress)) {
      return store.writePart(customer, backupId, PART, reported);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      docker.removeContainerCmd(helper).withForce(true).exec();
    }
  }

  /**
   * Restores the part into the volume. The part is read completely first: its digest must match the manifest and
   * no entry may escape the volume, before the volume is touched; it is digested again while it is copied.
   */
  public long restore(String volume, BackupStore store, BackupManifest backup, String owner, Consumer<String> progress) {
    BackupManifest.Part expected = backup.parts().stream().filter(p -> p.name().equals(PART)).findFirst()
        .orElseThrow(() -> new TamperedBackupException(backup.backupId(), PART, "is not in the manifest"));
    verify(store, backup, expected, progress);
    String helper = helper(volume);
    try (InputStream part = new Progress(store.openPart(backup.customer(), backup.backupId(), PART),
             "restore " + PART + " of " + backup.backupId(), expected.size(), progress);
         Sha256 sha = new Sha256(part);
         ProducedStream tar = ProducedStream.start(sink -> {
           try (TarArchiveInputStream in = new TarArchiveInputStream(new ZstdInputStream(sha));
                TarArchiveOutputStream out = new TarArchiveOutputStream(sink)) {
             out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
             out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
             SafeEntries safe = new SafeEntries();
             for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
               out.putArchiveEntry(safe.restored(entry, owner));
               in.transferTo(out);
               out.closeArchiveEntry();
             }
             sha.transferTo(OutputStream.nullOutputStream());
           }
           return null;
         })) {
      docker.copyArchiveToContainerCmd(helper).withRemotePath("/data").withTarInputStream(tar).exec();
      tar.awaitProducer();
      if (sha.count() != expected.size() || !sha.hex().equals(expected.sha256())) {
        throw new TamperedBackupException(backup.backupId(), PART, "changed in the store while it was restored ("
            + sha.count() + " bytes, SHA-256 " + sha.hex() + ")");
      }
      return sha.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      docker.removeContainerCmd(helper).withForce(true).exec();
    }
  }

  /**
   * The first pass, before anything changes: the part's size and SHA-256 match the manifest, and no entry escapes
   * its root. A tampered, truncated or hostile archive refuses the whole restore.
   */
  private static void verify(BackupStore store, BackupManifest backup, BackupManifest.Part expected,
      Consumer<String> progress) {
    try (InputStream part = new Progress(store.openPart(backup.customer(), backup.backupId(), PART),
             "verify " + PART + " of " + backup.backupId(), expected.size(), progress);
         Sha256 sha = new Sha256(part)) {
      InputStream keptOpen = new FilterInputStream(sha) {
        @Override
        public void close() {
          // the digest needs the rest of the part after the archive's end
        }
      };
      try (TarArchiveInputStream in = new TarArchiveInputStream(new ZstdInputStream(keptOpen))) {
        SafeEntries safe = new SafeEntries();
        for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          safe.check(entry);
        }
      } catch (UnsafeArchiveException e) {
        throw new UnsafeArchiveException("backup " + backup.backupId() + ": " + PART + ": " + e.getMessage()
            + "; nothing was restored");
      } catch (IOException e) {
        sha.transferTo(OutputStream.nullOutputStream());
        throw new TamperedBackupException(backup.backupId(), PART, "is not a readable archive (" + sha.count() + " of "
            + expected.size() + " bytes): " + e.getMessage() + "; nothing was restored");
      }
      sha.transferTo(OutputStream.nullOutputStream());
      if (sha.count() != expected.size() || !sha.hex().equals(expected.sha256())) {
        throw new TamperedBackupException(backup.backupId(), PART, "does not match its manifest (" + sha.count()
            + " bytes, SHA-256 " + sha.hex() + "); nothing was restored");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + PART + " of backup " + backup.backupId() + " failed: " + e.getMessage(), e);
    }
  }

  private String helper(String volume) {
    return docker.createContainerCmd(helperImage)
        .withEntrypoint("true")
        .withLabels(java.util.Map.of("io.stackpilot.helper", "files"))
        .withHostConfig(HostConfig.newHostConfig().withMounts(List.of(
            new Mount().withType(MountType.VOLUME).withSource(volume).withTarget("/data"))))
        .exec().getId();
  }

  private static String relative(String name) {
    String path = name.startsWith("./") ? name.substring(2) : name;
    if (path.equals(".") || path.equals("./")) {
      return "";
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  static boolean excluded(String path, List<String> exclude) {
    return exclude.stream().anyMatch(e -> path.equals(e) || path.startsWith(e + "/"));
  }
}
