package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.database.sql.ForbiddenStatementException;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.FileShareBackupStore;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.RestoreResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The restore engine on a real MariaDB: a dump of a corpus covering every column type, NULLs, binary and unicode data,
 * long rows, empty and keyless tables, generated columns, foreign keys, views, triggers, routines and events restores
 * to equal checksums and definitions; statements a dump may not hold are refused before anything runs; a dump the
 * engine declines goes to the mariadb client. One database container for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreEngineIT {

  private final AtomicInteger backups = new AtomicInteger();
  private Path dir;
  private TestDatabase database;
  private MariaDbShell shell;
  private BackupStore store;

  @BeforeAll
  void database() throws Exception {
    dir = Files.createTempDirectory("restore-engine-it");
    database = new TestDatabase("re", dir);
    shell = database.shell;
    store = new FileShareBackupStore(dir.resolve("backups"));
  }

  @AfterAll
  void down() {
    database.close();
  }

  @BeforeEach
  void emptyDatabase() {
    shell.query("DROP DATABASE IF EXISTS demo; CREATE DATABASE demo; DROP DATABASE IF EXISTS stackpilot");
  }

  private DatabaseRestore engine() {
    return new DatabaseRestore(shell, database.engine(2));
  }

  private RestoreResult restore(DatabaseRestore restore, BackupManifest backup) {
    return restore.restoreIfEmpty("demo", store, backup, schema(), false, () -> { }, progress -> { });
  }

  private static ReleaseSchema schema() {
    return ReleaseSchema.of("1.1.0", new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.1.0").keySet());
  }

  private String nextId() {
    return String.format("20261201T0%05dZ-engine", backups.incrementAndGet());
  }

  private BackupManifest backup(String id, BackupManifest.Part part) {
    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, id, "backup", database.customer, "1.1.0", "2",
        "c0ffee1", "host", io.stackpilot.workflows.activities.BackupId.parse(id).createdAt().toString(), List.of(part), null);
    store.writeManifest(manifest);
    return manifest;
  }

  private BackupManifest backupOf(byte[] sql) throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(compressed)) {
      z.write(sql);
    }
    String id = nextId();
    return backup(id, store.writePart(database.customer, id, DatabaseRestore.PART,
        new ByteArrayInputStream(compressed.toByteArray())));
  }

  /** Every table's checksum and definition, and every view's, trigger's, routine's and event's definition. */
  private List<String> snapshot() {
    List<String> state = new ArrayList<>();
    for (String table : shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'demo' "
        + "AND table_type = 'BASE TABLE' ORDER BY 1")) {
      String quoted = "demo.`" + table.replace("`", "``") + "`";
      state.addAll(shell.query(virtualColumns(table) ? rowsChecksum(table) : "CHECKSUM TABLE " + quoted + " EXTENDED"));
      state.addAll(shell.query("SHOW CREATE TABLE " + quoted));
    }
    state.addAll(shell.query("SELECT table_name, view_definition FROM information_schema.views "
        + "WHERE table_schema = 'demo' ORDER BY 1"));
    state.addAll(shell.query("SELECT trigger_name, event_manipulation, action_timing, action_statement, sql_mode "
        + "FROM information_schema.triggers WHERE trigger_schema = 'demo' ORDER BY 1"));
    state.addAll(shell.query("SELECT routine_name, routine_type, routine_definition, sql_mode, is_deterministic "
        + "FROM information_schema.routines WHERE routine_schema = 'demo' ORDER BY 1"));
    state.addAll(shell.query("SELECT event_name, event_definition, interval_value, status, starts "
        + "FROM information_schema.events WHERE event_schema = 'demo' ORDER BY 1"));
    return state;
  }

  private boolean virtualColumns(String table) {
    return !shell.query("SELECT 1 FROM information_schema.columns WHERE table_schema = 'demo' AND table_name = "
        + MariaDbShell.quote(table) + " AND extra LIKE '%VIRTUAL%'").isEmpty();
  }

  /**
   * CHECKSUM TABLE of a table with a virtual column reads that column's stale buffer: it differs between copies
   * with equal rows, also after a plain {@code mariadb-dump | mariadb}. Such a table is compared row by row instead.
   */
  private String rowsChecksum(String table) {
    List<String> columns = shell.query("SELECT CONCAT('HEX(IFNULL(`', REPLACE(column_name, '`', '``'), '`, ''NULL''))') "
        + "FROM information_schema.columns WHERE table_schema = 'demo' AND table_name = " + MariaDbShell.quote(table)
        + " ORDER BY ordinal_position");
    return "SELECT " + MariaDbShell.quote(table) + ", COUNT(*), BIT_XOR(CRC32(CONCAT_WS('|', " + String.join(", ", columns)
        + "))) FROM demo.`" + table.replace("`", "``") + "`";
  }

  @Test
  void corpusRestoresWithEqualChecksumsAndDefinitions() throws Exception {
    try (InputStream corpus = getClass().getResourceAsStream("/restore-corpus/corpus.sql")) {
      shell.load("demo", corpus, Duration.ofMinutes(5));
    }
    List<String> source = snapshot();
    String id = nextId();
    BackupManifest dumped = backup(id, database.dump().dump("demo", store, database.customer, id, progress -> { }));
    shell.query("DROP DATABASE demo");
    List<String> heartbeats = new ArrayList<>();

    RestoreResult result = engine().restoreIfEmpty("demo", store, dumped, schema(), false, () -> { }, heartbeats::add);

    assertThat(result.reason()).contains("by the restore engine as stackpilot_restore (2 loaders, ")
        .containsPattern("\\(2 loaders, [0-9]+ rows, [0-9]{5,} of them as LOAD DATA, [0-9]+ as prepared inserts, 13 tables; ")
        .containsPattern(" tables; rows [0-9]+\\.[0-9] s, indexes after them [0-9]+\\.[0-9] s, foreign keys [0-9]+\\.[0-9] s, "
            + "views, triggers, "
            + "routines and events [0-9]+\\.[0-9] s\\)")
        .containsPattern("; [0-9.]+ [kMG]?B of compressed dump loaded in [0-9]+\\.[0-9] s \\([0-9.]+ [kMG]?B/s\\); read "
            + "and verified in [0-9]+\\.[0-9] s$");
    assertThat(snapshot()).as("checksums and definitions after the restore").containsExactlyElementsOf(source);
    assertThat(source).as("13 tables, 2 views, a trigger, 2 routines, an event").hasSize(32);
    assertThat(shell.query("SELECT COUNT(*) FROM demo.calls")).containsExactly("60000");
    assertThat(shell.query("SELECT @@global.innodb_flush_log_at_trx_commit")).as("durability put back").containsExactly("1");
    assertThat(shell.query("SELECT state, IFNULL(durable_flush, 'none') FROM stackpilot.restores"))
        .containsExactly("complete\tnone");
    assertThat(heartbeats).as("progress from the load").anyMatch(h -> h.matches(".*rows, \\d+ of \\d+ tables done.*"));
  }

  @Test
  void forbiddenStatementsAreRefusedBeforeAnyOfTheDumpRuns() throws Exception {
    List<String> forbidden = List.of(
        "GRANT ALL ON *.* TO 'app'@'%'",
        "CREATE USER 'x'@'%' IDENTIFIED BY 'y'",
        "DROP DATABASE mysql",
        "USE mysql",
        "SET GLOBAL max_connections = 1",
        "/*!40101 SET @@global.general_log = 1 */",
        "LOAD DATA INFILE '/etc/passwd' INTO TABLE t",
        "SELECT * FROM t INTO OUTFILE '/tmp/out'",
        "CREATE TABLE mysql.planted (id INT)",
        "INSERT INTO mysql.user VALUES (1)",
        "\\! touch /tmp/owned");
    for (String statement : forbidden) {
      emptyDatabase();
      BackupManifest backup = backupOf(("CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n" + statement + ";\n")
          .getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> restore(engine(), backup)).as(statement)
          .isInstanceOf(ForbiddenStatementException.class)
          .hasMessageContaining("the statement at line 3 of the dump")
          .hasMessageEndingWith("nothing was restored");
      assertThat(shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'demo'"))
          .as("nothing of the dump ran: " + statement).isEmpty();
      assertThat(shell.query("SELECT COUNT(*) FROM stackpilot.restores")).as("no restore started").containsExactly("0");
    }
  }

  @Test
  void dumpTheEngineDeclinesIsLoadedByTheClient() throws Exception {
    ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
    latin1.write("SET NAMES latin1;\nCREATE TABLE names (n VARCHAR(20) CHARACTER SET latin1);\nINSERT INTO names VALUES ('caf"
        .getBytes(StandardCharsets.US_ASCII));
    latin1.write(0xE9);
    latin1.write("');\n".getBytes(StandardCharsets.US_ASCII));

    RestoreResult result = restore(engine(), backupOf(latin1.toByteArray()));

    assertThat(result.reason()).contains("through the mariadb client as stackpilot_restore in its sandbox (the restore engine declined it: "
        + "the dump's rows "
        + "are written in character set latin1");
    assertThat(shell.query("SELECT HEX(n) FROM demo.names")).containsExactly("636166E9");
  }

  /** 209 rows of table {@code s} with every escape a string literal has, and NULLs, zeros and signed decimals. */
  private static byte[] everyEscape() {
    return ("/*!40101 SET NAMES utf8mb4 */;\n/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
        + "CREATE TABLE s (id INT NOT NULL AUTO_INCREMENT, name VARCHAR(50), value TEXT, amount DECIMAL(12,3), "
        + "PRIMARY KEY (id), KEY by_name (name)) ENGINE=InnoDB;\n"
        + "INSERT INTO s VALUES (0,'zero id','',0),(1,'tab\\tnewline\\nreturn\\r','back\\\\slash \\\\N \\\\t end\\\\',-1.5),"
        + "(2,'\\\\N','\\\\',NULL),(3,'NULL','NULL',12345678.123),(4,'nul','a\\0b\\Zc',0.001),"
        + "(5,'like','50\\% a\\_b \\x',7),(6,'quotes','it''s \\'q\\' \"d\"',-7),(7,'ü','😀 ü',NULL);\n"
        + "INSERT INTO s VALUES (8,NULL,NULL,NULL);\n" + randomlyEscaped(200, 100)).getBytes(StandardCharsets.UTF_8);
  }

  /** The same dump through the mariadb client into database {@code into}: the reference for what the rows must be. */
  private List<String> throughTheClient(byte[] sql, String into, String select) {
    shell.query("DROP DATABASE IF EXISTS " + into + "; CREATE DATABASE " + into);
    shell.load(into, new ByteArrayInputStream(sql), Duration.ofMinutes(1));
    List<String> rows = shell.query(select.replace("demo.", into + "."));
    shell.query("DROP DATABASE " + into);
    return rows;
  }

  /**
   * {@code count} rows of table {@code s} from id {@code from}, their strings of characters a line could misread, each
   * written in one of the ways a string literal can hold it (raw, backslash escape, doubled quote), from a fixed seed.
   * A carriage return is escaped only: the mariadb client drops a raw one before a newline (mariadb-dump escapes it).
   */
  private static String randomlyEscaped(int count, int from) {
    String[][] ways = {{"a"}, {"N"}, {"%", "\\%"}, {"_", "\\_"}, {"\\\\"}, {"\t", "\\t"}, {"\n", "\\n"}, {"\\r"},
        {"\\0"}, {"''", "\\'"}, {"\"", "\\\""}, {"\\Z"}, {"\\b"}, {"ü"}, {"😀"}, {"\\x"}, {" "}};
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261206);
    StringBuilder sql = new StringBuilder("INSERT INTO s VALUES ");
    for (int row = 0; row < count; row++) {
      StringBuilder value = new StringBuilder();
      for (int c = random.nextInt(12); c > 0; c--) {
        String[] way = ways[random.nextInt(ways.length)];
        value.append(way[random.nextInt(way.length)]);
      }
      sql.append(row == 0 ? "" : ",").append("(").append(from + row).append(",'r").append(row).append("','")
          .append(value).append("',").append(random.nextInt(2000) - 1000).append(".").append(random.nextInt(10))
          .append(")");
    }
    return sql.append(";\n").toString();
  }

  @Test
  void rowsGoAsLoadDataLinesWithEveryEscapeReadAsTheClientReadsIt() throws Exception {
    byte[] sql = everyEscape();
    String select = "SELECT id, HEX(name), HEX(value), amount FROM demo.s ORDER BY id";

    RestoreResult result = restore(engine(), backupOf(sql));

    assertThat(result.reason()).contains("(2 loaders, 209 rows, 209 of them as LOAD DATA, 0 as prepared inserts, "
        + "1 tables; ");
    assertThat(shell.query(select)).as("rows as the client loads them").hasSize(209)
        .containsExactlyElementsOf(throughTheClient(sql, "reference", select));
  }

  @Test
  void whereTheServerRefusesLoadDataLocalRowsGoAsPreparedInsertsWithEveryEscapeReadAsTheClientReadsIt()
      throws Exception {
    byte[] sql = everyEscape();
    String select = "SELECT id, HEX(name), HEX(value), amount FROM demo.s ORDER BY id";
    shell.query("SET GLOBAL local_infile = 0");
    RestoreResult result;
    try {
      result = restore(engine(), backupOf(sql));
    } finally {
      shell.query("SET GLOBAL local_infile = 1");
    }

    assertThat(result.reason()).contains("(2 loaders, 209 rows, 0 of them as LOAD DATA, 209 as prepared inserts, "
        + "1 tables; ");
    assertThat(shell.query(select)).as("rows as the client loads them").hasSize(209)
        .containsExactlyElementsOf(throughTheClient(sql, "reference", select));
  }

  @Test
  void longRowsGoAsPreparedInsertsFromTheirFirstBatch() throws Exception {
    StringBuilder dump = new StringBuilder("/*!40101 SET NAMES utf8mb4 */;\n"
        + "CREATE TABLE docs (id INT NOT NULL, body TEXT, PRIMARY KEY (id), KEY by_body (body(10))) ENGINE=InnoDB;\n");
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261207);
    for (int statement = 0; statement < 40; statement++) {
      dump.append("INSERT INTO docs VALUES ");
      for (int row = 0; row < 250; row++) {
        StringBuilder body = new StringBuilder();
        while (body.length() < 500) {
          body.append(new String[] {"word ", "it\\'s ", "tab\\t", "\\n", "ü ", "\\\\ ", "'' "}[random.nextInt(7)]);
        }
        dump.append(row == 0 ? "" : ",").append('(').append(statement * 250 + row).append(",'").append(body)
            .append("')");
      }
      dump.append(";\n");
    }
    byte[] sql = dump.toString().getBytes(StandardCharsets.UTF_8);
    String select = "SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS('|', id, body))) FROM demo.docs";

    RestoreResult result = restore(engine(), backupOf(sql));

    assertThat(result.reason()).as("5 MB of rows of over 500 characters, every batch as prepared inserts")
        .contains("(2 loaders, 10000 rows, 0 of them as LOAD DATA, 10000 as prepared inserts, 1 tables; ");
    assertThat(shell.query(select)).containsExactlyElementsOf(throughTheClient(sql, "reference", select));
  }

  /** The {@code ALTER TABLE}s of the restored tables the server ran while {@code work} ran, from its general log. */
  private List<String> alterTables(ThrowingRunnable work) throws Exception {
    shell.query("TRUNCATE mysql.general_log; SET GLOBAL log_output = 'TABLE', GLOBAL general_log = 1");
    try {
      work.run();
    } finally {
      shell.query("SET GLOBAL general_log = 0");
    }
    List<String> alters = shell.query("SELECT argument FROM mysql.general_log WHERE argument LIKE 'ALTER TABLE `%' "
        + "ORDER BY event_time");
    shell.query("TRUNCATE mysql.general_log");
    return alters;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aTableWhoseRowsFitInOneBatchKeepsItsKeysAndGetsOnlyItsUniqueKeysAfter() throws Exception {
    StringBuilder dump = new StringBuilder("CREATE TABLE small (id INT NOT NULL, code VARCHAR(20) NOT NULL, "
        + "owner INT NOT NULL, PRIMARY KEY (id), UNIQUE KEY by_code (code), KEY by_owner (owner)) ENGINE=InnoDB;\n"
        + "CREATE TABLE empty (id INT NOT NULL, v INT, PRIMARY KEY (id), KEY by_v (v)) ENGINE=InnoDB;\n"
        + "CREATE TABLE big (id INT NOT NULL, owner INT NOT NULL, note VARCHAR(200), PRIMARY KEY (id), "
        + "KEY by_owner (owner)) ENGINE=InnoDB;\n"
        + "INSERT INTO small VALUES ");
    for (int row = 0; row < 500; row++) {
      dump.append(row == 0 ? "" : ",").append('(').append(row).append(",'c").append(row).append("',")
          .append(row % 7).append(')');
    }
    dump.append(";\n");
    for (int statement = 0; statement < 60; statement++) {
      dump.append("INSERT INTO big VALUES ");
      for (int row = 0; row < 500; row++) {
        int id = statement * 500 + row;
        dump.append(row == 0 ? "" : ",").append('(').append(id).append(',').append(id % 1000)
            .append(",'a note of some words, long enough to make this table larger than one batch of rows')");
      }
      dump.append(";\n");
    }
    byte[] sql = dump.toString().getBytes(StandardCharsets.UTF_8);
    BackupManifest backup = backupOf(sql);
    String select = "SELECT table_name, index_name, non_unique, GROUP_CONCAT(column_name ORDER BY seq_in_index) "
        + "FROM information_schema.statistics WHERE table_schema = 'demo' GROUP BY 1, 2, 3 ORDER BY 1, 2";

    List<String> alters = alterTables(() -> restore(engine(), backup));

    assertThat(alters).as("over 2 MB of rows of big: its key after them; small: only its unique key; empty: nothing")
        .containsExactlyInAnyOrder("ALTER TABLE `small` ADD UNIQUE KEY by_code (code)",
            "ALTER TABLE `big` ADD KEY by_owner (owner)");
    assertThat(shell.query(select)).hasSize(7).containsExactlyElementsOf(throughTheClient(sql, "reference", select));
    assertThat(shell.query("SELECT COUNT(*) FROM demo.big")).containsExactly("30000");

    shell.query("DROP DATABASE demo; CREATE DATABASE demo; DROP DATABASE stackpilot");
    BackupManifest duplicate = backupOf(("CREATE TABLE small (id INT NOT NULL, code VARCHAR(20) NOT NULL, "
        + "PRIMARY KEY (id), UNIQUE KEY by_code (code)) ENGINE=InnoDB;\n"
        + "INSERT INTO small VALUES (1,'same'),(2,'other'),(3,'same');\n").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> restore(engine(), duplicate)).as("unique checks are off for the rows: the key added "
        + "after them refuses the duplicate").isInstanceOf(DatabaseException.class)
        .hasMessageContaining("adding the indexes of table small failed").hasMessageContaining("Duplicate entry 'same'");
    assertThat(shell.query("SELECT state FROM stackpilot.restores")).containsExactly("started");
  }

  @Test
  void rowsTheServerWarnsAboutOrRefusesGoAsWritten() throws Exception {
    byte[] sql = ("/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
        + "CREATE TABLE truncated (id INT PRIMARY KEY, v VARCHAR(3)) ENGINE=InnoDB;\n"
        + "INSERT INTO truncated VALUES (1,'abcdef'),(2,'x');\n"
        + "CREATE TABLE plain (id INT PRIMARY KEY, v VARCHAR(3)) ENGINE=InnoDB;\n"
        + "INSERT INTO plain VALUES (1,'a'),(2,'b');\n"
        + "CREATE TABLE flat (id INT PRIMARY KEY, v VARCHAR(3)) ENGINE=MyISAM;\n"
        + "INSERT INTO flat VALUES (1,'abcdef'),(2,'x');\n"
        + "CREATE TABLE hexed (id INT PRIMARY KEY, v VARBINARY(3));\nINSERT INTO hexed VALUES (1,0x00FF);\n"
        + "CREATE TABLE altered (id INT PRIMARY KEY, v INT) ENGINE=InnoDB;\nALTER TABLE altered MODIFY v ENUM('2','1');\n"
        + "INSERT INTO altered VALUES (1,1);\n"
        + "CREATE TABLE levels (id INT PRIMARY KEY, level ENUM('2','1'), y YEAR) ENGINE=InnoDB;\n"
        + "INSERT INTO levels VALUES (1,'1','2026'),(2,'2','0');\n").getBytes(StandardCharsets.UTF_8);
    String select = "SELECT CONCAT_WS('|', 'truncated', id, v) FROM demo.truncated UNION ALL "
        + "SELECT CONCAT_WS('|', 'plain', id, v) FROM demo.plain UNION ALL "
        + "SELECT CONCAT_WS('|', 'flat', id, v) FROM demo.flat UNION ALL SELECT CONCAT_WS('|', 'hexed', id, HEX(v)) "
        + "FROM demo.hexed UNION ALL SELECT CONCAT_WS('|', 'altered', id, v) FROM demo.altered UNION ALL "
        + "SELECT CONCAT_WS('|', 'levels', id, level, y) FROM demo.levels";

    RestoreResult result = restore(engine(), backupOf(sql));

    assertThat(result.reason()).as("the plain rows and strings into ENUM and YEAR as lines: a truncation warns, a hex "
        + "literal is not carried, an altered table's columns are not known, a MyISAM table cannot roll a batch back")
        .contains("(2 loaders, 10 rows, 4 of them as LOAD DATA, 0 as prepared inserts, 6 tables; ");
    assertThat(shell.query(select)).as("the number 1 is the ENUM's first value, '2'; the string '0' is the year 2000")
        .containsExactlyInAnyOrder("truncated|1|abc", "truncated|2|x", "plain|1|a", "plain|2|b", "flat|1|abc",
            "flat|2|x", "hexed|1|00FF", "altered|1|2", "levels|1|1|2026", "levels|2|2|2000");
    assertThat(shell.query(select)).containsExactlyInAnyOrderElementsOf(throughTheClient(sql, "reference", select));
  }

  @Test
  void aServerAskingTheLoadConnectionForAFileGetsTheRowsNotTheFile() throws Exception {
    shell.query("CREATE TABLE demo.received (line TEXT)");
    java.util.Properties asRoot = new java.util.Properties();
    asRoot.setProperty("user", "root");
    asRoot.setProperty("password", TestDatabase.PASSWORD);
    asRoot.setProperty("allowLocalInfile", "true");
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl, asRoot);
         java.sql.Statement load = DumpLoader.sending(connection,
             StandardCharsets.UTF_8.encode("the rows sent\n"))) {
      load.execute("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE received");
    }
    assertThat(shell.query("SELECT line FROM demo.received")).containsExactly("the rows sent");
  }

  @Test
  void failedEngineRestoreStaysStartedAndPutsDurabilityBack() throws Exception {
    BackupManifest broken = backupOf(("CREATE TABLE t (id INT PRIMARY KEY, v INT, KEY by_v (v));\n"
        + "INSERT INTO t VALUES (1, 1), (2, 2);\nINSERT INTO t VALUES (1, 3);\n").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> restore(engine(), broken)).isInstanceOf(DatabaseException.class)
        .hasMessageContaining("line 3 of the dump").hasMessageContaining("Duplicate entry '1'");
    assertThat(shell.query("SELECT state FROM stackpilot.restores")).containsExactly("started");
    assertThat(shell.query("SELECT @@global.innodb_flush_log_at_trx_commit")).containsExactly("1");
  }
}
