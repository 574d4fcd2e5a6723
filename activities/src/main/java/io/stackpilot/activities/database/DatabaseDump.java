package io.stackpilot.activities.database;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.ProducedStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Dumps the stack's database into a backup part: mariadb-dump's output streams from the container through
 * zstd into the store, with bounded memory and no temporary file. The dump is consistent (one transaction)
 * and carries routines, events and Flyway's history, but never Stackpilot's restore marker. Progress is
 * reported from the stream the store reads, so it stops exactly when the dump stops.
 */
public final class DatabaseDump {

  private static final Duration DUMP_TIMEOUT = Duration.ofHours(12);

  private final ContainerExec exec;
  private final String container;
  private final String rootPassword;

  public DatabaseDump(ContainerExec exec, String container, String rootPassword) {
    this.exec = exec;
    this.container = container;
    this.rootPassword = rootPassword;
  }

  public BackupManifest.Part dump(String database, BackupStore store, String customer, String backupId,
      Consumer<String> progress) {
    MariaDbShell.identifier(database);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    return ProducedStream.intoPart(store, customer, backupId, DatabaseRestore.PART,
        "dump " + DatabaseRestore.PART + " into " + backupId, progress, out -> {
          try (OutputStream zstd = new ZstdOutputStream(out, 3)) {
            ContainerExec.Outcome outcome = exec.run(container, List.of("mariadb-dump", "--user=root",
                "--single-transaction", "--routines", "--events", "--triggers", "--hex-blob", "--skip-dump-date", database),
                List.of("MYSQL_PWD=" + rootPassword), null, zstd, err, DUMP_TIMEOUT);
            if (!outcome.succeeded()) {
              // The part must not end as if complete: the store abandons it instead of committing a truncated dump.
              throw new IOException("mariadb-dump of " + database + " failed (exit " + outcome.exitCode() + "): "
                  + err.toString(StandardCharsets.UTF_8).trim());
            }
            return outcome;
          }
        });
  }
}
