package io.stackpilot.activities.database;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.database.sql.TableFingerprints;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.ProducedStream;
import io.stackpilot.activities.store.WrittenProgress;
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

  /**
   * The table fingerprints of the database as it is now ({@link TableFingerprints}), read from a dump made exactly as a
   * backup's is, streamed and never stored: what a drill compares with the backup it restored.
   */
  public java.util.SortedMap<String, io.stackpilot.workflows.activities.TableFingerprint> fingerprints(String database,
      Consumer<String> progress) {
    return fingerprints(database, progress, null);
  }

  /** As above; {@code position}, when not null, reads where in the binary log the dump's snapshot stands. */
  java.util.SortedMap<String, io.stackpilot.workflows.activities.TableFingerprint> fingerprints(String database,
      Consumer<String> progress, Consumer<DumpPosition> position) {
    MariaDbShell.identifier(database);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> command = position == null ? command(database) : withPosition(command(database));
    try (io.stackpilot.activities.store.ProducedStream dump = io.stackpilot.activities.store.ProducedStream.start(raw -> {
           DumpPosition out = new DumpPosition(raw);
           if (position != null) {
             position.accept(out);
           }
           ContainerExec.Outcome outcome = exec.run(container, command, List.of("MYSQL_PWD=" + rootPassword),
               null, out, err, DUMP_TIMEOUT);
           out.flush();
           if (!outcome.succeeded()) {
             throw new IOException("mariadb-dump of " + database + " failed (exit " + outcome.exitCode() + "): "
                 + err.toString(StandardCharsets.UTF_8).trim());
           }
           return outcome;
         });
         java.io.InputStream read = new io.stackpilot.activities.store.Progress(dump, "dump " + database
             + " for its table fingerprints", io.stackpilot.activities.store.Progress.UNKNOWN, progress)) {
      java.util.SortedMap<String, io.stackpilot.workflows.activities.TableFingerprint> tables =
          TableFingerprints.of(read, database);
      read.transferTo(OutputStream.nullOutputStream());
      dump.awaitProducer();
      return tables;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Consistent (one transaction), with routines, events and triggers, binary data as hex: the same text every time. */
  private static List<String> command(String database) {
    return List.of("mariadb-dump", "--user=root", "--single-transaction", "--routines", "--events", "--triggers",
        "--hex-blob", "--skip-dump-date", database);
  }

  /** The binary log position, as a comment, read inside the dump's snapshot. */
  private static List<String> withPosition(List<String> command) {
    List<String> with = new java.util.ArrayList<>(command);
    with.add(with.size() - 1, "--master-data=2");
    return with;
  }

  public BackupManifest.Part dump(String database, BackupStore store, String customer, String backupId,
      Consumer<String> progress) {
    return dump(database, store, customer, backupId, progress, null);
  }

  /**
   * {@code position}: when not null, the dump records where it stands in the binary log, and {@code position} reads it
   * from the dump's header as it passes.
   */
  BackupManifest.Part dump(String database, BackupStore store, String customer, String backupId,
      Consumer<String> progress, java.util.function.Consumer<DumpPosition> position) {
    MariaDbShell.identifier(database);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> command = position == null ? command(database) : withPosition(command(database));
    return ProducedStream.intoPart(store, customer, backupId, DatabaseRestore.PART,
        "dump " + DatabaseRestore.PART + " into " + backupId, progress, out -> {
          // Progress counts what mariadb-dump writes: zstd holds a slow dump's output back for its block size.
          try (OutputStream compressed = new WrittenProgress(new ZstdOutputStream(out, 3), "mariadb-dump of " + database,
              progress);
               DumpPosition dumped = new DumpPosition(compressed)) {
            if (position != null) {
              position.accept(dumped);
            }
            ContainerExec.Outcome outcome = exec.run(container, command,
                List.of("MYSQL_PWD=" + rootPassword), null, dumped, err, DUMP_TIMEOUT);
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
