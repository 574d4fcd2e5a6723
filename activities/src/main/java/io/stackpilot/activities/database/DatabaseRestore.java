package io.stackpilot.activities.database;

import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.Progress;
import io.stackpilot.activities.store.ReadAhead;
import io.stackpilot.activities.store.Sha256;
import io.stackpilot.activities.store.TamperedBackupException;
import io.stackpilot.workflows.activities.RestoreResult;
import io.stackpilot.activities.database.sql.DumpLexer;
import io.stackpilot.activities.database.sql.DumpReader;
import io.stackpilot.activities.database.sql.ForbiddenStatementException;
import java.io.FilterInputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Restores a backup's {@code db.sql.zst} into an empty database. The part is read completely first: it must match
 * its manifest, and every statement must be one a dump may hold ({@link DumpScan}), before any of its SQL runs — read
 * here, or ahead by this agent while the database started ({@link #readAhead}, {@link StagedBackups}).
 * Then it streams from the store, digested again, decompressed and loaded by the restore engine ({@link DumpLoader},
 * over several connections, with the server's durability relaxed for the restore only), or — for a dump the engine
 * declines, or without a database port — fed to the mariadb client in the container. All or nothing as an operator sees it: the {@link RestoreMarker} says
 * "started" before loading and "complete" after; a restore found "started" was interrupted and is redone from a
 * clean database.
 */
public final class DatabaseRestore {

  static final String PART = "db.sql.zst";
  private static final Duration LOAD_TIMEOUT = Duration.ofHours(12);

  /** Logs why a dump went to the mariadb client; the operator also reads it in the step's result. */
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseRestore.class);
  private static final String RELAXED_FLUSH = "2";

  /**
   * Where the restore engine connects: the database's port published on the host's loopback, as the restore account.
   *
   * @param loaders connections loading rows at once
   */
  public record Engine(String jdbcUrl, int loaders) {}

  /**
   * Where a restore looks for its dump read ahead on this host: {@code key} names the database among the host's;
   * {@code during}: what the run did meanwhile, for the step's note ("while the database started").
   */
  record Ahead(StagedBackups staged, String key, String during) {}

  private final MariaDbShell shell;
  private final RestoreMarker marker;
  private final Engine engine;
  private final Ahead readAhead;

  /** Restores through the mariadb client only; enough for reading the markers. */
  public DatabaseRestore(MariaDbShell shell) {
    this(shell, null);
  }

  public DatabaseRestore(MariaDbShell shell, Engine engine) {
    this(shell, engine, null);
  }

  /** {@code readAhead}: where the dump may have been read ahead while the database started; null for nowhere. */
  DatabaseRestore(MariaDbShell shell, Engine engine, Ahead readAhead) {
    this.shell = shell;
    this.marker = new RestoreMarker(shell);
    this.engine = engine;
    this.readAhead = readAhead;
  }

  /**
   * Restores {@code backup} into {@code database} when it is empty; says why it skipped otherwise.
   *
   * @param schema the release the stack is deployed with; a backup with a newer schema is refused before anything
   * @param replaceEarlierRestore a database Stackpilot completely restored from another backup is restored again from
   *     this one (a migration's new host, which serves nobody yet, retried with a newer final backup); otherwise
   *     it is kept. Data Stackpilot did not restore is never replaced.
   * @param restoreFiles restores the backup's other parts after the database and before the restore is marked
   *     complete, so a failure there also leaves the restore to be redone
   */
  public RestoreResult restoreIfEmpty(String database, BackupStore store, BackupManifest backup, ReleaseSchema schema,
      boolean replaceEarlierRestore, Runnable restoreFiles, Consumer<String> progress) {
    return restoreIfEmpty(database, store, backup, schema, replaceEarlierRestore, restoreFiles, null, progress);
  }

  /**
   * What runs after the dump and the files are loaded and before the restore is marked complete: the replay of the
   * archived binary log, read against the same server as the dump.
   */
  @FunctionalInterface
  interface Replay {
    BinlogReplay.Outcome run(DumpScan.Server server);
  }

  /** {@code replay}: the archived binary log to replay after the dump; null for none. */
  RestoreResult restoreIfEmpty(String database, BackupStore store, BackupManifest backup, ReleaseSchema schema,
      boolean replaceEarlierRestore, Runnable restoreFiles, Replay replay, Consumer<String> progress) {
    return onKeptShell(restore -> restore.restoreIfEmptyOnThisShell(database, store, backup, schema,
        replaceEarlierRestore, restoreFiles, replay, progress));
  }

  /** Runs {@code work} on a copy of this restore whose bookkeeping goes to one client kept open meanwhile. */
  private RestoreResult onKeptShell(java.util.function.Function<DatabaseRestore, RestoreResult> work) {
    try (MariaDbShell kept = shell.keptOpen()) {
      return work.apply(new DatabaseRestore(kept, engine, readAhead));
    }
  }

  private RestoreResult restoreIfEmptyOnThisShell(String database, BackupStore store, BackupManifest backup,
      ReleaseSchema schema, boolean replaceEarlierRestore, Runnable restoreFiles, Replay replay,
      Consumer<String> progress) {
    MariaDbShell.identifier(database);
    Optional<RestoreMarker.Row> earlier = marker.prepare(database);
    if (earlier.isPresent() && earlier.get().complete()
        && (earlier.get().backupId().equals(backup.backupId()) || !replaceEarlierRestore)) {
      return new RestoreResult(false, "database " + database + " was already restored from backup "
          + earlier.get().backupId(), 0);
    }
    Target target = target(database);
    if (earlier.isEmpty() && target.tables() > 0) {
      return new RestoreResult(false, "database " + database + " already holds " + target.tables()
          + " tables that Stackpilot did not restore: not restoring over data", 0);
    }
    requireKnown(schema, backup);
    return load(database, store, backup, earlier.isPresent(), earlier, target.server(), restoreFiles, replay, progress);
  }

  /**
   * Replaces whatever {@code database} holds with {@code backup} (a rollback): checked and verified like a restore
   * into an empty database, then loaded into a database dropped and created anew, under the restore marker.
   */
  public RestoreResult replace(String database, BackupStore store, BackupManifest backup, ReleaseSchema schema,
      Runnable restoreFiles, Consumer<String> progress) {
    return onKeptShell(restore -> restore.replaceOnThisShell(database, store, backup, schema, restoreFiles, progress));
  }

  private RestoreResult replaceOnThisShell(String database, BackupStore store, BackupManifest backup,
      ReleaseSchema schema, Runnable restoreFiles, Consumer<String> progress) {
    MariaDbShell.identifier(database);
    Optional<RestoreMarker.Row> earlier = marker.prepare(database);
    requireKnown(schema, backup);
    return load(database, store, backup, true, earlier, target(database).server(), restoreFiles, null, progress);
  }

  private static void requireKnown(ReleaseSchema schema, BackupManifest backup) {
    if (!schema.knows(backup.schemaVersion())) {
      throw new SchemaNewerThanReleaseException("backup " + backup.backupId() + " holds database schema version "
          + backup.schemaVersion() + " (written under release " + backup.release() + "), newer than release "
          + schema.release() + " knows (its migrations reach version " + schema.newest() + "): release "
          + schema.release() + " would run on tables it does not know. Set release " + backup.release()
          + " or later in stack.yaml, or restore a backup taken under " + schema.release() + "; nothing was restored");
    }
  }

  /** How fast the dump loaded: its compressed size, the time and the rate, for the step's note. */
  private static String rate(long bytes, long nanos) {
    double seconds = Math.max(nanos, 1) / 1e9;
    return String.format(java.util.Locale.ROOT, "; %s of compressed dump loaded in %.1f s (%s/s)",
        io.stackpilot.workflows.api.ByteSizes.human(bytes), seconds,
        io.stackpilot.workflows.api.ByteSizes.human((long) (bytes / seconds)));
  }

  /**
   * {@code dropFirst}: the database holds data to replace; {@code earlier}: the restore it came from, if any;
   * {@code server}: what the dump is read against.
   */
  private RestoreResult load(String database, BackupStore store, BackupManifest backup, boolean dropFirst,
      Optional<RestoreMarker.Row> earlier, DumpScan.Server server, Runnable restoreFiles, Replay replay,
      Consumer<String> progress) {
    String db = MariaDbShell.identifier(database);
    BackupManifest.Part expected = dumpPart(backup);
    long loaded;
    String how;
    StagedBackups.Staged ahead = readAhead == null ? null
        : readAhead.staged().claim(readAhead.key(), backup.backupId(), expected.sha256(), progress).orElse(null);
    try (StagedPart staged = ahead != null ? ahead.part() : StagedPart.create(backup.backupId())) {
      long verifyStarted = System.nanoTime();
      DumpScan.Verdict verdict = ahead == null ? verify(store, backup, expected, database, server, staged, progress)
          : ahead.verdict() != null && ahead.verdict().holdsFor(DumpScan.beforeTheServerAnswers(), server)
              ? ahead.verdict()
          : rescan(backup, database, server, staged);
      double seconds = (System.nanoTime() - verifyStarted) / 1e9;
      String verified = ahead == null ? String.format(java.util.Locale.ROOT, "; read and verified in %.1f s", seconds)
          : verdict == ahead.verdict() ? String.format(java.util.Locale.ROOT,
              "; read and verified %s (%.1f s)", readAhead.during(), ahead.nanos() / 1e9)
          : String.format(java.util.Locale.ROOT, "; read %s (%.1f s), verified against its server in %.1f s",
              readAhead.during(), ahead.nanos() / 1e9, seconds);
      String declines = engine == null ? "no database port for the restore engine" : verdict.declines();
      if (declines != null) {
        requireClientCanLoad(backup, declines, verdict);
      }
      String started = RestoreMarker.started(database, backup.backupId(), expected.sha256(), backup.schemaVersion());
      if (dropFirst) {
        recreate(database, started);
      } else {
        shell.query("CREATE DATABASE IF NOT EXISTS " + db + "; " + started);
      }
      long loadStarted = System.nanoTime();
      try (RestoreAccount account = RestoreAccount.open(shell, database)) {
        if (declines == null) {
          RestoreCounters counters = new RestoreCounters();
          loadWithEngine(database, account, staged, backup, expected, server, verdict.rowChars(), counters, progress);
          how = " by the restore engine as " + account.user() + " (" + engine.loaders() + " loaders, "
              + counters.rows.get() + " rows, " + counters.delimitedRows.get() + " of them as LOAD DATA, "
              + counters.boundRows.get() + " as prepared inserts, "
              + counters.tables.get() + " tables; " + counters.times() + ")";
        } else {
          LOG.info("restoring {} of backup {} through the mariadb client: the restore engine declines it: {}", PART,
              backup.backupId(), declines);
          progress.accept("restore " + PART + " of " + backup.backupId() + " through the mariadb client: " + declines);
          new ClientLoad(shell, database, server).load(account, staged, LOAD_TIMEOUT);
          how = " through the mariadb client as " + account.user() + " in its sandbox (the restore engine declined "
              + "it: " + declines + ")";
        }
      }
      loaded = expected.size();
      how += rate(loaded, System.nanoTime() - loadStarted) + verified;
    }
    restoreFiles.run();
    BinlogReplay.Outcome replayed = replay == null ? null : replayRelaxed(database, replay, server);
    marker.complete(database);
    // The data replaced came from that backup, and may hold migrations and writes since: not "replacing backup X".
    String replaced = earlier.filter(RestoreMarker.Row::complete)
        .map(row -> ", replacing the data it held (restored from backup " + row.backupId() + ")")
        .orElse(dropFirst && earlier.isEmpty() ? ", replacing the data it held" : "");
    String reason = "restored " + PART + " of backup " + backup.backupId() + " into " + database + replaced + how
        + (replayed == null ? "" : "; " + replayed.note());
    LOG.info("{}", reason);
    return new RestoreResult(true, reason, loaded, replayed == null ? null : replayed.recoveredTo(),
        replayed == null ? null : replayed.note());
  }

  /** The manifest's entry of the dump. */
  static BackupManifest.Part dumpPart(BackupManifest backup) {
    return backup.parts().stream().filter(p -> p.name().equals(PART)).findFirst()
        .orElseThrow(() -> new TamperedBackupException(backup.backupId(), PART, "is not in the manifest"));
  }

  /**
   * Refuses a dump or a migration of a database whose restore began and did not complete; returns the schema version
   * of the backup Stackpilot restored completely into it, empty when none.
   */
  public Optional<String> requireComplete(String database, String what) {
    return marker.requireComplete(database, what).map(RestoreMarker.Row::schemaVersion);
  }

  /** The schema version of the backup Stackpilot restored completely into {@code database}; empty when none. */
  public Optional<String> restoredSchemaVersion(String database) {
    return marker.read(database).filter(RestoreMarker.Row::complete).map(RestoreMarker.Row::schemaVersion);
  }

  /**
   * The database a restore goes into: how many tables it holds, and what the dump is read against — the server's
   * version (conditional comments), its default SQL mode and its statement size limit ({@code max_allowed_packet}, and
   * no more than the memory a restore may hold). One query.
   */
  private record Target(int tables, DumpScan.Server server) {}

  private Target target(String database) {
    List<String> row = List.of(shell.query("SELECT (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
        + MariaDbShell.quote(database) + "), VERSION(), @@global.sql_mode, @@global.max_allowed_packet").get(0)
        .split("\t", -1));
    long packet = Long.parseLong(row.get(3).strip());
    return new Target(Integer.parseInt(row.get(0).strip()), new DumpScan.Server(DumpScan.version(row.get(1)),
        row.get(2), Math.min(packet, DumpLexer.memoryLimit())));
  }

  /**
   * The whole part, read from the store before any of it runs and kept on this host as it is read: its size and
   * SHA-256 must match the manifest, and each statement must be one a dump may hold. What loads afterwards reads the
   * kept copy, the bytes that were verified, not the store again. A part that does not match its manifest is
   * reported as such, whatever it holds.
   */
  private static DumpScan.Verdict verify(BackupStore store, BackupManifest backup, BackupManifest.Part expected,
      String database, DumpScan.Server server, StagedPart staged, Consumer<String> progress) {
    Read read = read(store, backup, expected, database, server, staged, progress);
    if (read.refused() != null) {
      throw refusal(backup, read.refused());
    }
    return read.verdict();
  }

  /** What reading a part found, its digest equal to the manifest's: the scan's verdict, or what it refused. */
  private record Read(DumpScan.Verdict verdict, RuntimeException refused) {}

  private static Read read(BackupStore store, BackupManifest backup, BackupManifest.Part expected, String database,
      DumpScan.Server server, StagedPart staged, Consumer<String> progress) {
    try (InputStream part = new Progress(store.openPart(backup.customer(), backup.backupId(), PART),
             "verify " + PART + " of " + backup.backupId(), expected.size(), progress);
         Sha256 sha = new Sha256(staged.keeping(part))) {
      DumpScan.Verdict verdict = null;
      RuntimeException refused = null;
      // Read, kept, digested and decompressed on another thread while this one checks every statement.
      try (ReadAhead sql = ReadAhead.decompressing(new KeptOpen(sha))) {
        verdict = DumpScan.scan(sql, database, server);
      } catch (IOException | RuntimeException e) {
        refused = e instanceof RuntimeException r ? r : new UncheckedIOException(e.getMessage(), (IOException) e);
      }
      sha.transferTo(OutputStream.nullOutputStream());
      if (sha.count() != expected.size() || !sha.hex().equals(expected.sha256())) {
        throw new TamperedBackupException(backup.backupId(), PART, "does not match its manifest (" + sha.count()
            + " of " + expected.size() + " bytes, SHA-256 " + sha.hex() + "); nothing was restored");
      }
      return new Read(verdict, refused);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + PART + " of backup " + backup.backupId() + " failed: " + e.getMessage(), e);
    }
  }

  /** What a scan refused, as the restore reports it. */
  private static RuntimeException refusal(BackupManifest backup, RuntimeException refused) {
    if (refused instanceof ForbiddenStatementException) {
      return new ForbiddenStatementException("backup " + backup.backupId() + ": " + refused.getMessage()
          + "; nothing was restored");
    }
    return new TamperedBackupException(backup.backupId(), PART, "matches its manifest but is not a readable "
        + "dump (" + refused.getMessage() + "); nothing was restored");
  }

  /**
   * Reads {@code backup}'s dump into {@code staged} while the database starts, as {@link #verify} does, against
   * {@link DumpScan#beforeTheServerAnswers()}: the restore then checks that its server reads the dump alike, and scans
   * the kept copy again when not. Throws when the part does not match its manifest (the restore then reads the store
   * itself and reports it).
   */
  static StagedBackups.Staged readAhead(BackupStore store, BackupManifest backup, String database, StagedPart staged,
      Consumer<String> progress) {
    long began = System.nanoTime();
    Read read = read(store, backup, dumpPart(backup), database, DumpScan.beforeTheServerAnswers(), staged, progress);
    return new StagedBackups.Staged(staged, read.verdict(), System.nanoTime() - began);
  }

  /** The kept copy read again, against the server the restore loads into: a read ahead assumed another one. */
  private static DumpScan.Verdict rescan(BackupManifest backup, String database, DumpScan.Server server,
      StagedPart staged) {
    try (ReadAhead sql = ReadAhead.decompressing(staged.open())) {
      return DumpScan.scan(sql, database, server);
    } catch (IOException e) {
      throw refusal(backup, new UncheckedIOException(e.getMessage(), e));
    } catch (RuntimeException e) {
      throw refusal(backup, e);
    }
  }

  /**
   * The engine sends every dump it can; the client loads only rows the engine cannot send as text (another character
   * set, bytes that are not UTF-8) — a reason Stackpilot finds, not one the dump asks for. Even then the client reads
   * statements as the server does only under the default quoting rules, and only with its sandbox.
   */
  private void requireClientCanLoad(BackupManifest backup, String declines, DumpScan.Verdict verdict) {
    if (verdict.quotingChanged() != null) {
      throw new ForbiddenStatementException("backup " + backup.backupId() + ": the restore engine cannot send this dump ("
          + declines + "), and the mariadb client reads quotes differently from the server under the dump's "
          + verdict.quotingChanged() + "; nothing was restored");
    }
    if (!ClientLoad.hasSandbox(shell)) {
      throw new DatabaseException("backup " + backup.backupId() + " needs the mariadb client (" + declines + "), and the "
          + "client in the database container has no --sandbox (MariaDB 10.5.25, 10.6.18, 10.11.8, 11.0.6 or later "
          + "has it); nothing was restored");
    }
  }

  /**
   * Loads the verified part with the restore engine. The server's redo log is flushed once a second instead of at
   * every commit while it runs (a crash then loses at most the last second, and an interrupted restore is redone
   * anyway); the setting from before is put back afterwards, also when the restore fails.
   */
  private void loadWithEngine(String database, RestoreAccount account, StagedPart staged, BackupManifest backup,
      BackupManifest.Part expected, DumpScan.Server server, Map<String, Long> rowChars, RestoreCounters counters,
      Consumer<String> progress) {
    String durable = relaxDurability(database);
    long budget = Runtime.getRuntime().maxMemory() / 16;
    try (RestoreProgress reporter = new RestoreProgress("restore " + PART + " of " + backup.backupId(), expected.size(),
             engine.loaders(), counters, progress);
         // decompressed on another thread: this one splits statements and hands rows to the loaders
         ReadAhead sql = ReadAhead.decompressing(reporter.counting(staged.open()));
         DumpLoader loader = new DumpLoader(engine.jdbcUrl(), account.user(), account.password(), database,
             engine.loaders(), budget, rowChars, counters)) {
      CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      loader.load(new DumpReader(new InputStreamReader(sql, strict), database, server.version(), server.sqlMode(),
          server.maxStatement()));
      progress.accept(reporter.describe());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the verified copy of " + PART + " of backup " + backup.backupId()
          + " failed: " + e.getMessage(), e);
    } finally {
      putBackDurability(database, durable);
    }
  }

  /**
   * The replay of the archived binary log, relaxed as the engine's load is: every archived transaction is a commit of
   * its own, and with the redo log flushed and the binary log synced at each (what a stack that archives its log runs
   * with) the replay would wait on the disk twice per transaction. An interrupted replay is redone with the restore.
   */
  private BinlogReplay.Outcome replayRelaxed(String database, Replay replay, DumpScan.Server server) {
    String durable = relaxDurability(database);
    try {
      return replay.run(server);
    } finally {
      putBackDurability(database, durable);
    }
  }

  /**
   * Relaxes the redo log flush and the binary log's sync; returns the settings to put back ("flush sync"), remembered
   * in the marker in case the agent dies.
   */
  private String relaxDurability(String database) {
    return marker.relaxDurability(database, RELAXED_FLUSH);
  }

  /** Puts back what {@link #relaxDurability} kept; a marker of an earlier version holds the flush setting alone. */
  private void putBackDurability(String database, String durable) {
    String[] settings = durable.strip().split("\\s+");
    if (settings.length > 2 || !java.util.Arrays.stream(settings).allMatch(v -> v.matches("[0-9]{1,10}"))) {
      throw new IllegalStateException("the restore marker of " + database + " holds '" + durable + "' as the server's "
          + "durability settings to put back; expected numbers such as '1 1'");
    }
    marker.putBackDurability(database, "GLOBAL innodb_flush_log_at_trx_commit = " + settings[0]
        + (settings.length > 1 ? ", GLOBAL sync_binlog = " + settings[1] : ""));
  }

  /** The exec closes its stdin when done; the digest still needs the rest of the part after that. */
  private static final class KeptOpen extends FilterInputStream {
    KeptOpen(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // closed by the restore, once the part is digested to its end
    }
  }

  /**
   * An empty database again. The client of an earlier attempt whose agent died may still be loading its last
   * statements: its sessions on the database are ended first, so they cannot write into the restore that follows. The
   * marker says {@code started} before the data goes, in the same batch: never "complete" over a dropped database.
   */
  private void recreate(String database, String started) {
    for (String session : shell.query("SELECT id FROM information_schema.processlist WHERE db = "
        + MariaDbShell.quote(database) + " AND id <> CONNECTION_ID()")) {
      try {
        shell.query("KILL " + Long.parseLong(session.trim()));
      } catch (DatabaseException endedMeanwhile) {
        // the session ended between the two statements: nothing left to stop
      }
    }
    String db = MariaDbShell.identifier(database);
    shell.query(started + "; DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db);
  }
}
