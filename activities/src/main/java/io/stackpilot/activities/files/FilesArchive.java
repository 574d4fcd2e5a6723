package io.stackpilot.activities.files;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.Sha256;
import io.stackpilot.activities.store.TamperedBackupException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
  private static final int PIPE = 1 << 20;

  private final DockerClient docker;
  private final String helperImage;

  /** {@code helperImage}: any image on the host; the helper container only lends the volume a mount point. */
  public FilesArchive(DockerClient docker, String helperImage) {
    this.docker = docker;
    this.helperImage = helperImage;
  }

  public BackupManifest.Part backup(String volume, List<String> exclude, BackupStore store, String customer, String backupId) {
    String helper = helper(volume);
    try (InputStream volumeTar = docker.copyArchiveFromContainerCmd(helper, "/data/.").exec();
         PipedInputStream compressed = new PipedInputStream(PIPE)) {
      PipedOutputStream sink = new PipedOutputStream(compressed);
      CompletableFuture<Void> archiving = CompletableFuture.runAsync(() -> {
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
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return store.writePart(customer, backupId, PART, failingAtEndUnless(compressed, archiving));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      docker.removeContainerCmd(helper).withForce(true).exec();
    }
  }

  /**
   * Restores the part into the volume. Checks every entry before anything is written; a part whose digest does
   * not match its manifest is refused (the caller's restore marker stays unfinished, so it is redone).
   */
  public long restore(String volume, BackupStore store, BackupManifest backup) {
    BackupManifest.Part expected = backup.parts().stream().filter(p -> p.name().equals(PART)).findFirst()
        .orElseThrow(() -> new TamperedBackupException(backup.backupId(), PART, "is not in the manifest"));
    checkEntries(store, backup);
    String helper = helper(volume);
    try (InputStream part = store.openPart(backup.customer(), backup.backupId(), PART);
         Sha256 sha = new Sha256(part);
         PipedInputStream tar = new PipedInputStream(PIPE)) {
      PipedOutputStream sink = new PipedOutputStream(tar);
      CompletableFuture<Void> copying = CompletableFuture.runAsync(() -> {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ZstdInputStream(sha));
             TarArchiveOutputStream out = new TarArchiveOutputStream(sink)) {
          out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
          out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
          for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            entry.setName(SafeEntries.check(entry) + (entry.isDirectory() ? "/" : ""));
            out.putArchiveEntry(entry);
            in.transferTo(out);
            out.closeArchiveEntry();
          }
          sha.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      docker.copyArchiveToContainerCmd(helper).withRemotePath("/data").withTarInputStream(failingAtEndUnless(tar, copying)).exec();
      copying.join();
      if (sha.count() != expected.size() || !sha.hex().equals(expected.sha256())) {
        throw new TamperedBackupException(backup.backupId(), PART, "does not match its manifest (" + sha.count()
            + " bytes, SHA-256 " + sha.hex() + ")");
      }
      return sha.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      docker.removeContainerCmd(helper).withForce(true).exec();
    }
  }

  /** A first pass over the archive: an entry that escapes refuses the whole archive before the volume is touched. */
  private static void checkEntries(BackupStore store, BackupManifest backup) {
    try (InputStream part = store.openPart(backup.customer(), backup.backupId(), PART);
         TarArchiveInputStream in = new TarArchiveInputStream(new ZstdInputStream(part))) {
      for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        SafeEntries.check(entry);
      }
    } catch (UnsafeArchiveException e) {
      throw new UnsafeArchiveException("backup " + backup.backupId() + ": " + PART + ": " + e.getMessage()
          + "; nothing was restored");
    } catch (IOException e) {
      throw new TamperedBackupException(backup.backupId(), PART, "is not a readable archive: " + e.getMessage());
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

  private static boolean excluded(String path, List<String> exclude) {
    return exclude.stream().anyMatch(e -> path.equals(e) || path.startsWith(e + "/"));
  }

  /** The end of the stream only counts when the producer finished well; otherwise the reader gets its error. */
  private static InputStream failingAtEndUnless(InputStream in, CompletableFuture<Void> producer) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        return b < 0 ? end() : b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        return n < 0 ? end() : n;
      }

      private int end() throws IOException {
        try {
          producer.join();
          return -1;
        } catch (CompletionException e) {
          throw new IOException(e.getCause().getMessage(), e.getCause());
        }
      }
    };
  }
}
