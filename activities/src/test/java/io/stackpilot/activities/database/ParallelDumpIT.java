package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import io.stackpilot.activities.database.sql.TableFingerprints;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.FileShareBackupStore;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.RestoreResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The parallel dump on a real MariaDB with its binary log on: its text is mariadb-dump's byte for byte, key ranges
 * keep every row, the sessions read one moment while transactions commit, what it cannot write exactly goes to
 * mariadb-dump, its sessions read as an account that can only read, and its part restores through the engine. One
 * database container for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelDumpIT {

  private static final List<String> MARIADB_DUMP = List.of("mariadb-dump", "--user=root", "--single-transaction",
      "--routines", "--events", "--triggers", "--hex-blob", "--skip-dump-date");

  private final AtomicInteger backups = new AtomicInteger();
  private Path dir;
  private TestDatabase database;
  private MariaDbShell shell;
  private BackupStore store;

  @BeforeAll
  void database() throws Exception {
    dir = Files.createTempDirectory("parallel-dump-it");
    database = new TestDatabase("pd", dir, "  binlog: { every: PT5S }\n");
    shell = database.shell;
    store = new FileShareBackupStore(dir.resolve("backups"));
  }

  @AfterAll
  void down() {
    database.close();
  }

  @BeforeEach
  void emptyDatabase() {
    shell.query("DROP DATABASE IF EXISTS demo; CREATE DATABASE demo; DROP DATABASE IF EXISTS copy");
  }

  private void loadCorpus() throws Exception {
    try (InputStream corpus = getClass().getResourceAsStream("/parallel-dump/written-types.sql")) {
      shell.load("demo", corpus, Duration.ofMinutes(5));
    }
  }

  /** Prepared over {@code sessions} sessions as a freshly opened dump account, left open for the test. */
  private ParallelDump.Prepared prepare(int sessions, boolean position, long rangeBytes) {
    return ParallelDump.prepare(database.jdbcUrl, DumpAccount.open(shell, "demo"), "demo", sessions, position,
        () -> database.dump().skeleton("demo"), rangeBytes);
  }

  /** The whole text of a prepared dump, read back through zstd as every restore path reads a part. */
  private static String text(ParallelDump dump) throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    dump.writeTo(compressed, OutputStream.nullOutputStream(), progress -> { }, "dump");
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String mariadbDump(String... more) {
    List<String> command = new ArrayList<>(MARIADB_DUMP);
    command.addAll(List.of(more));
    command.add("demo");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(database.exec().run(database.container, command, List.of("MYSQL_PWD=" + TestDatabase.PASSWORD), null,
        out, err, Duration.ofMinutes(5)).succeeded()).as(err.toString(StandardCharsets.UTF_8)).isTrue();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theTextIsMariadbDumpsByteForByte() throws Exception {
    loadCorpus();
    ParallelDump.Prepared prepared = prepare(2, true, ParallelDump.RANGE_BYTES);
    assertThat(prepared.refusal()).isNull();

    String parallel = text(prepared.dump());

    assertSameText(parallel, mariadbDump("--master-data=2"));
    for (String part : List.of("-- CHANGE MASTER TO MASTER_LOG_FILE='", "0xABABAB", "'2020-02-02 02:02:02.120'",
        "INSERT INTO `two part key` VALUES\n", "CREATE DEFINER=`root`@`localhost` PROCEDURE `count_rows`")) {
      assertThat(parallel.contains(part)).as("the dump holds " + part).isTrue();
    }
  }

  @Test
  void largeTablesAreReadInKeyRangesAndKeepEveryRow() throws Exception {
    shell.query("USE demo; CREATE TABLE demo.ledger (id BIGINT UNSIGNED PRIMARY KEY, account INT, amount DECIMAL(12,2), "
        + "note VARCHAR(100), KEY by_account (account)) ENGINE=InnoDB; INSERT INTO demo.ledger SELECT seq * 3, seq % 97, "
        + "seq / 7, REPEAT('n', seq % 90) FROM seq_1_to_150000; ANALYZE TABLE demo.ledger");
    ParallelDump.Prepared prepared = prepare(3, false, 1 << 20);
    assertThat(prepared.refusal()).isNull();
    assertThat(prepared.dump().units()).as("ranges of about 1 MiB").isGreaterThan(5);

    String parallel = text(prepared.dump());

    String whole = mariadbDump();
    assertThat(TableFingerprints.of(new ByteArrayInputStream(parallel.getBytes(StandardCharsets.UTF_8)), "demo"))
        .isEqualTo(TableFingerprints.of(new ByteArrayInputStream(whole.getBytes(StandardCharsets.UTF_8)), "demo"))
        .containsKey("ledger");
    assertThat(parallel.lines().filter(l -> l.startsWith("INSERT INTO `ledger`")).count())
        .as("every range begins a statement").isGreaterThan(5);
    shell.query("CREATE DATABASE copy");
    shell.load("copy", new ByteArrayInputStream(parallel.getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(5));
    assertThat(shell.query("CHECKSUM TABLE copy.ledger").get(0).split("\t")[1])
        .isEqualTo(shell.query("CHECKSUM TABLE demo.ledger").get(0).split("\t")[1]);
  }

  @Test
  void theSessionsReadOneMomentWhileTransactionsCommit() throws Exception {
    shell.query("USE demo; CREATE TABLE demo.debit (id INT PRIMARY KEY, v BIGINT, pad CHAR(200)) ENGINE=InnoDB; "
        + "CREATE TABLE demo.credit (id INT PRIMARY KEY, v BIGINT, pad CHAR(200)) ENGINE=InnoDB; "
        + "INSERT INTO demo.debit SELECT seq, 100, 'p' FROM seq_1_to_40000; "
        + "INSERT INTO demo.credit SELECT seq, 100, 'p' FROM seq_1_to_40000; ANALYZE TABLE demo.debit, demo.credit");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger committed = new AtomicInteger();
    Thread writer = new Thread(() -> {
      try (Connection c = DriverManager.getConnection(database.jdbcUrl, "root", TestDatabase.PASSWORD)) {
        c.setAutoCommit(false);
        try (Statement move = c.createStatement()) {
          while (writing.get()) {
            int from = ThreadLocalRandom.current().nextInt(1, 40001);
            int to = ThreadLocalRandom.current().nextInt(1, 40001);
            move.executeUpdate("UPDATE debit SET v = v - 7 WHERE id = " + from);
            move.executeUpdate("UPDATE credit SET v = v + 7 WHERE id = " + to);
            c.commit();
            committed.incrementAndGet();
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    String parallel;
    int before;
    try {
      while (committed.get() < 200) {
        Thread.sleep(10);
      }
      ParallelDump.Prepared prepared = prepare(3, true, 1 << 20);
      assertThat(prepared.refusal()).isNull();
      before = committed.get();
      parallel = text(prepared.dump());
    } finally {
      writing.set(false);
      writer.join();
    }

    assertThat(committed.get()).as("transactions committed while the dump ran").isGreaterThan(before);
    shell.query("CREATE DATABASE copy");
    shell.load("copy", new ByteArrayInputStream(parallel.getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(5));
    assertThat(shell.query("SELECT (SELECT SUM(v) FROM copy.debit) + (SELECT SUM(v) FROM copy.credit), "
        + "(SELECT COUNT(*) FROM copy.debit WHERE v <> 100) > 0"))
        .as("every move wholly in the dump or wholly out of it, and some in").containsExactly("8000000\t1");
  }

  @Test
  void aDatabaseItCannotWriteExactlyIsLeftToMariadbDump() throws Exception {
    loadCorpus();
    shell.query("CREATE TABLE demo.derived (a INT, twice INT AS (a * 2) VIRTUAL) ENGINE=InnoDB; "
        + "INSERT INTO demo.derived (a) VALUES (1), (2)");
    assertThat(prepare(2, false, ParallelDump.RANGE_BYTES).refusal())
        .isEqualTo("column `derived`.`twice` is virtual generated");
    shell.query("DROP TABLE demo.derived; CREATE TABLE demo.`x``\n-- Table structure for table ``y` (a INT)");
    assertThat(prepare(2, false, ParallelDump.RANGE_BYTES).refusal()).as("a name that forges mariadb-dump's comments")
        .isEqualTo("table `x`?-- Table structure for table `y` has a quote, slash, star or control character in its name");
    shell.query("DROP TABLE demo.`x``\n-- Table structure for table ``y`; CREATE TABLE demo.legacy (a INT) ENGINE=MyISAM");
    assertThat(prepare(2, false, ParallelDump.RANGE_BYTES).refusal())
        .isEqualTo("table `legacy` is stored by MyISAM, outside the snapshot the sessions share");
    List<String> heard = new ArrayList<>();
    String id = nextId();

    DatabaseDump dump = new DatabaseDump(database.exec(), database.container, TestDatabase.PASSWORD,
        new DatabaseDump.Sessions(database.jdbcUrl, 2));
    BackupManifest.Part part = dump.dump("demo", store, database.customer, id, heard::add);

    assertThat(dump.described()).isEqualTo("dumped by mariadb-dump: table `legacy` is stored by MyISAM, "
        + "outside the snapshot the sessions share");
    assertThat(heard).contains("dump demo by mariadb-dump: table `legacy` is stored by MyISAM, "
        + "outside the snapshot the sessions share");
    try (InputStream in = new ZstdInputStream(store.openPart(database.customer, id, part.name()))) {
      assertSameText(new String(in.readAllBytes(), StandardCharsets.UTF_8), mariadbDump());
    }
  }

  /** A failure that repeats (a value the driver cannot read, say) does not fail every retry: the third is mariadb-dump's. */
  @Test
  void theThirdAttemptOfABackupIsMariadbDumpsAndSaysWhy() throws Exception {
    loadCorpus();
    java.util.function.Supplier<DatabaseDump.Sessions> two = () -> new DatabaseDump.Sessions(database.jdbcUrl, 2);
    assertThat(DatabaseDump.Sessions.forAttempt(2, two)).isEqualTo(two.get());
    List<String> heard = new ArrayList<>();
    String id = nextId();

    DatabaseDump dump = new DatabaseDump(database.exec(), database.container, TestDatabase.PASSWORD,
        DatabaseDump.Sessions.forAttempt(3, two));
    BackupManifest.Part part = dump.dump("demo", store, database.customer, id, heard::add);

    String why = "attempt 3 of this backup, after 2 that failed: mariadb-dump alone, in case the parallel dump was the cause";
    assertThat(dump.described()).isEqualTo("dumped by mariadb-dump: " + why);
    assertThat(heard).contains("dump demo by mariadb-dump: " + why);
    try (InputStream in = new ZstdInputStream(store.openPart(database.customer, id, part.name()))) {
      assertSameText(new String(in.readAllBytes(), StandardCharsets.UTF_8), mariadbDump());
    }
  }

  @Test
  void itsPartRestoresThroughTheEngine() throws Exception {
    loadCorpus();
    List<String> source = checksums();
    String id = nextId();
    List<String> heard = new ArrayList<>();
    DatabaseDump dump = new DatabaseDump(database.exec(), database.container, TestDatabase.PASSWORD,
        new DatabaseDump.Sessions(database.jdbcUrl, 2));
    BackupManifest.Part part = dump.dump("demo", store, database.customer, id, heard::add);
    assertThat(dump.described()).matches("dumped over 2 sessions sharing one snapshot \\(commits held \\d+ ms; \\d+ pieces\\): [0-9.]+ [kMG]?B "
        + "of SQL in [0-9]+\\.[0-9] s \\([0-9.]+ [kMG]?B/s\\), [0-9.]+ [kMG]?B compressed");
    assertThat(heard).noneMatch(h -> h.contains("by mariadb-dump"));
    assertThat(shell.query("SHOW GRANTS FOR 'stackpilot_dump'@'%'")).as("read the database, take the backup lock")
        .containsExactlyInAnyOrder("GRANT RELOAD ON *.* TO `stackpilot_dump`@`%` IDENTIFIED BY PASSWORD '"
            + shell.query("SELECT authentication_string FROM mysql.user WHERE user = 'stackpilot_dump'").get(0) + "'",
            "GRANT SELECT ON `demo`.* TO `stackpilot_dump`@`%`");
    assertThat(shell.query("SHOW CREATE USER 'stackpilot_dump'@'%'").get(0)).as("locked once the dump ended")
        .contains("ACCOUNT LOCK");
    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, id, "backup", database.customer, "1.1.0", "2",
        "c0ffee1", "host", io.stackpilot.workflows.activities.BackupId.parse(id).createdAt().toString(), List.of(part),
        null);
    store.writeManifest(manifest);
    shell.query("DROP DATABASE demo; DROP DATABASE IF EXISTS stackpilot");

    RestoreResult result = new DatabaseRestore(shell, database.engine(2)).restoreIfEmpty("demo", store, manifest,
        ReleaseSchema.of("1.1.0", new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.1.0").keySet()),
        false, () -> { }, progress -> { });

    assertThat(result.reason()).contains("by the restore engine");
    assertThat(checksums()).containsExactlyElementsOf(source);
  }

  /** Texts of megabytes compared where they first differ, so that a failure says where and stays small. */
  private static void assertSameText(String actual, String expected) {
    int at = 0;
    while (at < actual.length() && at < expected.length() && actual.charAt(at) == expected.charAt(at)) {
      at++;
    }
    if (at < actual.length() || at < expected.length()) {
      int from = Math.max(0, at - 200);
      throw new AssertionError("the texts differ at character " + at + " (" + actual.length() + " against "
          + expected.length() + "):\n--- dump\n" + actual.substring(from, Math.min(actual.length(), at + 200))
          + "\n--- mariadb-dump\n" + expected.substring(from, Math.min(expected.length(), at + 200)));
    }
  }

  private List<String> checksums() {
    List<String> state = new ArrayList<>();
    for (String table : shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'demo' "
        + "AND table_type = 'BASE TABLE' ORDER BY 1")) {
      state.addAll(shell.query("CHECKSUM TABLE demo.`" + table + "` EXTENDED"));
    }
    state.addAll(shell.query("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = 'demo'"));
    state.addAll(shell.query("SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = 'demo'"));
    return state;
  }

  private String nextId() {
    return String.format("20261201T0%05dZ-parallel", backups.incrementAndGet());
  }
}
