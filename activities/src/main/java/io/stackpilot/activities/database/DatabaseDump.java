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

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatabaseDump.class);
  /** The schema's text from mariadb-dump --no-data: beyond this, the dump is left to mariadb-dump whole. */
  private static final int SKELETON_LIMIT = 64 << 20;

  /**
   * Where the parallel dump connects, and with how many sessions ({@link ParallelDump}); or, with {@code refused}, why
   * this dump is mariadb-dump's, for the step's note.
   */
  public record Sessions(String jdbcUrl, int count, String refused) {

    /** After this many failed attempts of a backup, the next is mariadb-dump's: a failure that repeats is not retried. */
    public static final int PARALLEL_ATTEMPTS = 2;

    public Sessions(String jdbcUrl, int count) {
      this(jdbcUrl, count, null);
    }

    public static Sessions refused(String why) {
      return new Sessions(null, 0, why);
    }

    /** {@code parallel} for the first {@link #PARALLEL_ATTEMPTS} attempts (Temporal counts from 1), then none. */
    public static Sessions forAttempt(int attempt, java.util.function.Supplier<Sessions> parallel) {
      return attempt > PARALLEL_ATTEMPTS ? refused("attempt " + attempt + " of this backup, after " + PARALLEL_ATTEMPTS
          + " that failed: mariadb-dump alone, in case the parallel dump was the cause") : parallel.get();
    }
  }

  private final ContainerExec exec;
  private final String container;
  private final String rootPassword;
  private final Sessions sessions;
  private String described;

  /** A dump by mariadb-dump alone. */
  public DatabaseDump(ContainerExec exec, String container, String rootPassword) {
    this(exec, container, rootPassword, null);
  }

  /** {@code sessions}: read the rows over this many sessions at once where the database allows; null for never. */
  public DatabaseDump(ContainerExec exec, String container, String rootPassword, Sessions sessions) {
    this.exec = exec;
    this.container = container;
    this.rootPassword = rootPassword;
    this.sessions = sessions;
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

  /** How the last {@link #dump} ran, for the step's note: over how many sessions, or by mariadb-dump and why. */
  public String described() {
    return described;
  }

  private BackupManifest.Part parallel(ParallelDump prepared, String database, BackupStore store, String customer,
      String backupId, Consumer<String> progress, Consumer<DumpPosition> position) {
    String what = "dump of " + database + " over " + sessions.count() + " sessions sharing one snapshot";
    LOG.info("{} into {}: {} pieces", what, backupId, prepared.units());
    long started = System.nanoTime();
    BackupManifest.Part part = ProducedStream.intoPart(store, customer, backupId, DatabaseRestore.PART,
        "dump " + DatabaseRestore.PART + " into " + backupId, progress, out -> {
          try (ParallelDump dump = prepared) {
            DumpPosition header = new DumpPosition(OutputStream.nullOutputStream());
            if (position != null) {
              position.accept(header);
            }
            dump.writeTo(out, header, progress, what);
            return what;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("the " + what + " was stopped");
          }
        });
    double seconds = Math.max(1, System.nanoTime() - started) / 1e9;
    described = String.format(java.util.Locale.ROOT, "dumped over %d sessions sharing one snapshot (commits held "
        + "%.0f ms; %d pieces): %s of SQL in %.1f s (%s/s), %s compressed", sessions.count(),
        prepared.commitsHeldMillis(), prepared.units(),
        io.stackpilot.workflows.api.ByteSizes.human(prepared.written()), seconds,
        io.stackpilot.workflows.api.ByteSizes.human((long) (prepared.written() / seconds)),
        io.stackpilot.workflows.api.ByteSizes.human(part.size()));
    return part;
  }

  /** mariadb-dump's text of everything but the rows: the frame the parallel dump puts them in. */
  String skeleton(String database) {
    List<String> command = new java.util.ArrayList<>(command(database));
    command.add(command.size() - 1, "--no-data");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OutputStream bounded = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (text.size() + len > SKELETON_LIMIT) {
          throw new IOException("the schema of " + database + " is over " + (SKELETON_LIMIT >> 20) + " MiB of text");
        }
        text.write(b, off, len);
      }
    };
    ContainerExec.Outcome outcome = exec.run(container, command, List.of("MYSQL_PWD=" + rootPassword), null, bounded,
        err, DUMP_TIMEOUT);
    if (!outcome.succeeded()) {
      throw new DatabaseException("mariadb-dump --no-data of " + database + " failed (exit " + outcome.exitCode()
          + "): " + err.toString(StandardCharsets.UTF_8).trim());
    }
    return text.toString(StandardCharsets.UTF_8);
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
    described = "dumped by mariadb-dump";
    if (sessions != null) {
      String refusal = sessions.refused();
      if (refusal == null) {
        try (DumpAccount account = DumpAccount.open(new MariaDbShell(exec, container, rootPassword), database)) {
          ParallelDump.Prepared prepared = ParallelDump.prepare(sessions.jdbcUrl(), account, database,
              sessions.count(), position != null, () -> skeleton(database));
          if (prepared.dump() != null) {
            return parallel(prepared.dump(), database, store, customer, backupId, progress, position);
          }
          refusal = prepared.refusal();
        }
      }
      LOG.info("mariadb-dump dumps {} into {}: {}", database, backupId, refusal);
      described = "dumped by mariadb-dump: " + refusal;
      progress.accept("dump " + database + " by mariadb-dump: " + refusal);
    }
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
