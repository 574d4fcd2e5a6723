package io.stackpilot.activities.database;

import com.github.dockerjava.api.DockerClient;
import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.compose.RegistryCredentials;
import io.stackpilot.activities.compose.ComposeProject;
import io.stackpilot.activities.compose.ComposeRenderer;
import io.stackpilot.activities.compose.SecretResolver;
import io.stackpilot.activities.compose.StackDirectory;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.FileShareBackupStore;
import io.stackpilot.activities.store.TamperedBackupException;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.RestoreResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restores and migrations on the stack's real MariaDB container, from a real backup store. */
class DatabaseRestoreAndMigrationIT {

  @TempDir
  Path temp;

  private TestDatabase database;
  private String customer;
  private DockerClient docker;
  private BackupStore store;
  private DatabaseRestore restore;
  private MariaDbShell shell;
  private String jdbcUrl;

  @BeforeEach
  void database() throws Exception {
    database = new TestDatabase("rs", temp);
    customer = database.customer;
    docker = database.docker;
    shell = database.shell;
    jdbcUrl = database.jdbcUrl;
    restore = new DatabaseRestore(shell, database.engine(2));
    store = new FileShareBackupStore(temp.resolve("backups"));
  }

  /** What the data activity passes to a migration: the schema version of the backup restored, if any. */
  private String restored() {
    return restore.restoredSchemaVersion("demo").orElse(null);
  }

  @AfterEach
  void down() {
    database.close();
  }

  private BackupManifest vanilla() {
    return store.importVanilla(new DirectoryReleaseStore(TestEnvironment.releasesDir()), customer, "1.0.0", progress -> { });
  }

  private static ReleaseSchema schema(String release) {
    return ReleaseSchema.of(release, new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations(release).keySet());
  }

  /** A backup whose db.sql.zst holds {@code sql}; its manifest says what was written, or {@code claimed}. */
  private BackupManifest backupOf(String id, String sql, String claimedSha) throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(compressed)) {
      z.write(sql.getBytes(StandardCharsets.UTF_8));
    }
    BackupManifest.Part part = store.writePart(customer, id, "db.sql.zst", new ByteArrayInputStream(compressed.toByteArray()));
    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, id, "backup", customer, "1.0.0", "1", "c0ffee1",
        "host", "2026-11-25T02:00:00Z", List.of(claimedSha == null ? part
            : new BackupManifest.Part(part.name(), claimedSha, part.size())), null);
    store.writeManifest(manifest);
    return manifest;
  }

  @Test
  void vanillaBackupIsRestoredOnceIntoTheEmptyDatabase() {
    BackupManifest vanilla = vanilla();

    RestoreResult first = restore.restoreIfEmpty("demo", store, vanilla, schema("1.1.0"), false, () -> { }, progress -> { });
    RestoreResult second = restore.restoreIfEmpty("demo", store, vanilla, schema("1.1.0"), false, () -> { }, progress -> { });

    assertThat(first.restored()).isTrue();
    assertThat(first.bytes()).isEqualTo(vanilla.parts().get(0).size());
    assertThat(shell.query("SELECT name FROM demo.accounts ORDER BY id")).containsExactly("admin", "demo");
    assertThat(second.restored()).isFalse();
    assertThat(second.reason()).isEqualTo("database demo was already restored from backup vanilla-1.0.0");
  }

  @Test
  void vanillaOfOneReleaseIsBaselinedAndMigratedToTheNext() {
    restore.restoreIfEmpty("demo", store, vanilla(), schema("1.1.0"), false, () -> { }, progress -> { });
    DatabaseMigrations migrations = new DatabaseMigrations();
    var next = new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.1.0");

    var first = migrations.migrate(jdbcUrl, "rs-secret", "demo", "1.1.0", next, restored());
    var second = migrations.migrate(jdbcUrl, "rs-secret", "demo", "1.1.0", next, restored());

    assertThat(first.applied()).containsExactly("V2 account plans");
    assertThat(first.schemaVersion()).isEqualTo("2");
    assertThat(shell.query("SELECT name, plan FROM demo.accounts ORDER BY id")).containsExactly("admin\tpremium", "demo\tbasic");
    assertThat(shell.query("SELECT value FROM demo.app_settings WHERE name = 'plans.enabled'")).containsExactly("true");
    assertThat(second.applied()).as("nothing the second time").isEmpty();
    assertThat(second.schemaVersion()).isEqualTo("2");
  }

  @Test
  void backupNewerThanTheReleaseIsRefusedBeforeAnythingIsRestored() throws Exception {
    BackupManifest written = backupOf("20261125T020000Z-newer", "CREATE TABLE t (id INT);\n", null);
    BackupManifest newer = new BackupManifest(written.format(), written.backupId(), written.kind(), customer, "1.1.0", "2",
        written.commit(), written.host(), written.createdAt(), written.parts(), null);

    assertThatThrownBy(() -> restore.restoreIfEmpty("demo", store, newer, schema("1.0.0"), false, () -> { }, progress -> { }))
        .isInstanceOf(SchemaNewerThanReleaseException.class)
        .hasMessage("backup 20261125T020000Z-newer holds database schema version 2 (written under release 1.1.0), newer "
            + "than release 1.0.0 knows (its migrations reach version 1): release 1.0.0 would run on tables it does not "
            + "know. Set release 1.1.0 or later in stack.yaml, or restore a backup taken under 1.0.0; nothing was restored");
    assertThat(shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'demo'")).isEmpty();
    assertThat(shell.query("SELECT COUNT(*) FROM stackpilot.restores")).containsExactly("0");
  }

  @Test
  void databaseNewerThanTheReleaseIsNotMigratedBack() {
    restore.restoreIfEmpty("demo", store, vanilla(), schema("1.1.0"), false, () -> { }, progress -> { });
    DatabaseMigrations migrations = new DatabaseMigrations();
    migrations.migrate(jdbcUrl, "rs-secret", "demo", "1.1.0",
        new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.1.0"), restored());
    String history = "SELECT version, success FROM demo.flyway_schema_history ORDER BY installed_rank";
    List<String> before = shell.query(history);

    assertThatThrownBy(() -> migrations.migrate(jdbcUrl, "rs-secret", "demo", "1.0.0",
        new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.0.0"), restored()))
        .isInstanceOf(SchemaNewerThanReleaseException.class)
        .hasMessage("database demo is at schema version 2, newer than release 1.0.0 knows (its migrations reach version 1): "
            + "going back to an older release needs a backup taken under it, restored on an empty stack; nothing was migrated");
    assertThat(shell.query(history)).isEqualTo(before);
  }

  @Test
  void failingMigrationNamesTheScriptAndTheSqlError() {
    restore.restoreIfEmpty("demo", store, vanilla(), schema("1.1.0"), false, () -> { }, progress -> { });
    var broken = new java.util.TreeMap<>(new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.1.0"));
    broken.put("V3__rename_notes.sql", "ALTER TABLE notes RENAME COLUMN text TO content;\n");

    assertThatThrownBy(() -> new DatabaseMigrations().migrate(jdbcUrl, "rs-secret", "demo", "1.1.0", broken, restored()))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("V3__rename_notes.sql")
        .hasMessageContaining("Unknown column 'text'");
  }

  @Test
  void dumpedBackupRestoresToIdenticalTables() {
    restore.restoreIfEmpty("demo", store, vanilla(), schema("1.1.0"), false, () -> { }, progress -> { });
    new DatabaseMigrations().migrate(jdbcUrl, "rs-secret", "demo", "1.1.0",
        new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.1.0"), restored());
    shell.query("INSERT INTO demo.accounts (name, email) VALUES ('customer-" + "x".repeat(50) + "', 'c@example.invalid');"
        + "INSERT INTO demo.notes (account_id, body) SELECT id, REPEAT('note ', 200) FROM demo.accounts");
    String checksums = "CHECKSUM TABLE demo.accounts, demo.notes, demo.app_settings, demo.flyway_schema_history";
    List<String> before = shell.query(checksums);

    BackupManifest.Part dumped = new DatabaseDump(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1",
        "rs-secret").dump("demo", store, customer, "20261125T020000Z-round", progress -> { });
    BackupManifest nightly = new BackupManifest(BackupManifest.FORMAT, "20261125T020000Z-round", "backup", customer, "1.1.0",
        "2", "c0ffee2", "host", "2026-11-25T02:00:00Z", List.of(dumped), null);
    store.writeManifest(nightly);
    shell.query("DROP DATABASE demo; DELETE FROM stackpilot.restores");
    RestoreResult restored = restore.restoreIfEmpty("demo", store, nightly, schema("1.1.0"), false, () -> { }, progress -> { });

    assertThat(restored.restored()).isTrue();
    assertThat(shell.query(checksums)).isEqualTo(before);
    assertThat(new DatabaseMigrations().migrate(jdbcUrl, "rs-secret", "demo", "1.1.0",
        new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.1.0"), restored()).applied())
        .as("the dump carried Flyway's history").isEmpty();
  }

  @Test
  void failedDumpLeavesNoPartBehind() {
    DatabaseDump dump = new DatabaseDump(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1", "rs-secret");

    assertThatThrownBy(() -> dump.dump("nosuchdb", store, customer, "20261125T020000Z-failed", progress -> { }))
        .hasMessageContaining("mariadb-dump of nosuchdb failed (exit 2)").hasMessageContaining("Unknown database");
    assertThatThrownBy(() -> store.openPart(customer, "20261125T020000Z-failed", "db.sql.zst"))
        .isInstanceOf(io.stackpilot.activities.store.MissingPartException.class);
  }

  /**
   * Not a timing: proves that a gigabyte streams both ways through a JVM whose heap is a quarter of it, the dump over
   * two sessions whose pieces wait their turn in memory.
   */
  @Test
  void oneGigabyteRestoresAndBacksUpWithinTheHeapCap() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("heap cap").isLessThanOrEqualTo(300L << 20);
    long size = 1L << 30;
    BackupManifest.Part part;
    try (java.io.PipedInputStream compressed = new java.io.PipedInputStream(1 << 20)) {
      java.io.PipedOutputStream sink = new java.io.PipedOutputStream(compressed);
      var writing = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try (ZstdOutputStream z = new ZstdOutputStream(sink, 1)) {
          new LargeDump(size).transferTo(z);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      part = store.writePart(customer, "20261125T020000Z-large", "db.sql.zst", compressed);
      writing.join();
    }
    BackupManifest large = new BackupManifest(BackupManifest.FORMAT, "20261125T020000Z-large", "backup", customer,
        "1.0.0", "1", "c0ffee1", "host", "2026-11-25T02:00:00Z", List.of(part), null);
    store.writeManifest(large);

    long started = System.nanoTime();
    RestoreResult restored = restore.restoreIfEmpty("demo", store, large, schema("1.1.0"), false, () -> { }, progress -> { });
    long restoreSeconds = (System.nanoTime() - started) / 1_000_000_000L;
    started = System.nanoTime();
    DatabaseDump dump = new DatabaseDump(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1",
        "rs-secret", new DatabaseDump.Sessions(jdbcUrl, 2));
    BackupManifest.Part dumped = dump.dump("demo", store, customer, "20261125T030000Z-large", progress -> { });
    long dumpSeconds = (System.nanoTime() - started) / 1_000_000_000L;

    assertThat(restored.restored()).isTrue();
    java.util.regex.Matcher paths = java.util.regex.Pattern.compile(" ([0-9]+) rows, ([0-9]+) of them as LOAD DATA, "
        + "([0-9]+) as prepared inserts, ").matcher(restored.reason());
    assertThat(paths.find()).as(restored.reason()).isTrue();
    assertThat(Long.parseLong(paths.group(2)) + Long.parseLong(paths.group(3)))
        .as("every row as LOAD DATA lines or, its rows being long, prepared inserts, also within the cap")
        .isEqualTo(Long.parseLong(paths.group(1)));
    assertThat(Long.parseLong(paths.group(3))).as("rows of 1,000 characters go as prepared inserts").isPositive();
    assertThat(shell.query("SELECT COUNT(*), SUM(LENGTH(payload)) >= " + (size * 9 / 10) + " FROM demo.big"))
        .containsExactly(LargeDump.rows(size) + "\t1");
    assertThat(dumped.size()).isGreaterThan(1L << 20);
    assertThat(dump.described()).as("the backup's own path, sessions side by side")
        .startsWith("dumped over 2 sessions sharing one snapshot");
    System.out.printf("1 GiB dump: %d MiB compressed; restore %d s, dump %d s (%d MiB compressed), heap cap %d MiB%n",
        part.size() >> 20, restoreSeconds, dumpSeconds, dumped.size() >> 20, Runtime.getRuntime().maxMemory() >> 20);
  }

  @Test
  void databaseWithDataStackpilotDidNotRestoreIsLeftAlone() {
    shell.query("CREATE TABLE demo.hand_made (id INT)");

    RestoreResult result = restore.restoreIfEmpty("demo", store, vanilla(), schema("1.1.0"), false, () -> { }, progress -> { });

    assertThat(result.restored()).isFalse();
    assertThat(result.reason()).isEqualTo("database demo already holds 1 tables that Stackpilot did not restore: not restoring over data");
  }

  /** The SQL runs as root: a part that does not match its manifest must not run at all, not be rolled back after. */
  @Test
  void tamperedDumpIsRefusedBeforeAnyOfItsSqlRuns() throws Exception {
    BackupManifest tampered = backupOf("20261125T020000Z-tampered", "CREATE TABLE t (id INT); INSERT INTO t VALUES (1);\n"
        + "CREATE DATABASE IF NOT EXISTS elsewhere; CREATE TABLE elsewhere.planted (id INT);\n", "00".repeat(32));

    assertThatThrownBy(() -> restore.restoreIfEmpty("demo", store, tampered, schema("1.1.0"), false, () -> { }, progress -> { }))
        .isInstanceOf(TamperedBackupException.class)
        .hasMessageContaining("part db.sql.zst does not match its manifest").hasMessageEndingWith("nothing was restored");
    assertThat(shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema IN ('demo', 'elsewhere')"))
        .isEmpty();
    assertThat(shell.query("SELECT state FROM stackpilot.restores")).as("no restore was even started").isEmpty();
  }

  /**
   * A migration retried with a newer final backup: the new host serves nobody yet, so the data of the earlier
   * restore is replaced by the backup it is given now. Anywhere else, a completed restore is kept.
   */
  @Test
  void aCompletedRestoreIsReplacedByAnotherBackupOnlyWhereAsked() throws Exception {
    BackupManifest first = backupOf("20261125T020000Z-first", "CREATE TABLE calls (id INT); INSERT INTO calls VALUES (1);\n", null);
    BackupManifest second = backupOf("20261125T030000Z-second",
        "CREATE TABLE calls (id INT); INSERT INTO calls VALUES (1), (2);\n", null);
    restore.restoreIfEmpty("demo", store, first, schema("1.1.0"), false, () -> { }, progress -> { });

    RestoreResult kept = restore.restoreIfEmpty("demo", store, second, schema("1.1.0"), false, () -> { }, progress -> { });
    RestoreResult replaced = restore.restoreIfEmpty("demo", store, second, schema("1.1.0"), true, () -> { }, progress -> { });
    RestoreResult again = restore.restoreIfEmpty("demo", store, second, schema("1.1.0"), true, () -> { }, progress -> { });

    assertThat(kept.restored()).isFalse();
    assertThat(kept.reason()).isEqualTo("database demo was already restored from backup 20261125T020000Z-first");
    assertThat(replaced.restored()).isTrue();
    assertThat(replaced.reason()).contains("replacing the data it held (restored from backup 20261125T020000Z-first) by the restore engine");
    assertThat(shell.query("SELECT COUNT(*) FROM demo.calls")).containsExactly("2");
    assertThat(again.restored()).as("the same backup is not restored twice").isFalse();
    assertThat(shell.query("SELECT backup_id, state FROM stackpilot.restores"))
        .containsExactly("20261125T030000Z-second\tcomplete");
  }

  @Test
  void interruptedRestoreIsRedoneFromACleanDatabase() throws Exception {
    BackupManifest broken = backupOf("20261125T020000Z-broken",
        "CREATE TABLE half (id INT); INSERT INTO half VALUES (1);\nINSERT INTO missing VALUES (1);\n", null);
    assertThatThrownBy(() -> restore.restoreIfEmpty("demo", store, broken, schema("1.1.0"), false, () -> { }, progress -> { }))
        .isInstanceOf(DatabaseException.class).hasMessageContaining("line 2 of the dump")
        .hasMessageContaining("Table 'demo.missing' doesn't exist");
    assertThat(shell.query("SELECT state FROM stackpilot.restores")).containsExactly("started");

    RestoreResult redone = restore.restoreIfEmpty("demo", store, vanilla(), schema("1.1.0"), false, () -> { }, progress -> { });

    assertThat(redone.restored()).isTrue();
    assertThat(shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'demo' ORDER BY 1"))
        .containsExactly("accounts", "app_settings", "notes");
  }
}
