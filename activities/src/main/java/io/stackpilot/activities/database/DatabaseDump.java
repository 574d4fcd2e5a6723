package io.stackpilot.activities.database;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Dumps the stack's database into a backup part: mariadb-dump's output streams from the container through
 * zstd into the store, with bounded memory and no temporary file. The dump is consistent (one transaction)
 * and carries routines, events and Flyway's history, but never Stackpilot's restore marker.
 */
public final class DatabaseDump {

  private static final int PIPE = 1 << 20;
  private static final Duration DUMP_TIMEOUT = Duration.ofHours(12);

  private final ContainerExec exec;
  private final String container;
  private final String rootPassword;

  public DatabaseDump(ContainerExec exec, String container, String rootPassword) {
    this.exec = exec;
    this.container = container;
    this.rootPassword = rootPassword;
  }

  public BackupManifest.Part dump(String database, BackupStore store, String customer, String backupId) {
    MariaDbShell.identifier(database);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PipedInputStream compressed = new PipedInputStream(PIPE)) {
      PipedOutputStream sink = new PipedOutputStream(compressed);
      CompletableFuture<ContainerExec.Outcome> dumping = CompletableFuture.supplyAsync(() -> {
        try (OutputStream zstd = new ZstdOutputStream(sink, 3)) {
          return exec.run(container, List.of("mariadb-dump", "--user=root", "--single-transaction", "--routines",
              "--events", "--triggers", "--hex-blob", "--skip-dump-date", database), List.of("MYSQL_PWD=" + rootPassword),
              null, zstd, err, DUMP_TIMEOUT);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return store.writePart(customer, backupId, DatabaseRestore.PART, new FilterInputStream(compressed) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          return b < 0 ? endOfDump(dumping, err, database) : b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          return n < 0 ? endOfDump(dumping, err, database) : n;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The end of the compressed stream is only the end of the part when mariadb-dump succeeded; otherwise the
   * read fails, so the store abandons the part instead of committing a truncated dump.
   */
  private static int endOfDump(CompletableFuture<ContainerExec.Outcome> dumping, ByteArrayOutputStream err,
      String database) throws IOException {
    ContainerExec.Outcome outcome;
    try {
      outcome = dumping.join();
    } catch (CompletionException e) {
      throw new IOException("dumping " + database + " failed: " + e.getCause().getMessage(), e.getCause());
    }
    if (!outcome.succeeded()) {
      throw new IOException("mariadb-dump of " + database + " failed (exit " + outcome.exitCode() + "): "
          + err.toString(StandardCharsets.UTF_8).trim());
    }
    return -1;
  }
}
