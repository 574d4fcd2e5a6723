package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.database.sql.DumpReader;
import io.stackpilot.activities.database.sql.DumpSession;
import io.stackpilot.activities.database.sql.ForbiddenStatementException;
import io.stackpilot.activities.database.sql.SqlStatement;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.FileShareBackupStore;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.BackupId;
import io.stackpilot.workflows.activities.RestoreResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A dump from a store is data, proven on a real MariaDB: a corpus of hostile dumps (every class the review found, the
 * long-statement ones generated here) goes through a backup store into the restore of an install, drill or disaster
 * recovery ({@code restoreIfEmpty}), the replace of a rollback and the check of {@code stackctl import}; each is refused
 * or fails on privileges, and afterwards the server has no new account, grant, plugin, changed global variable, stored
 * object outside the application database or file. Benign dumps that hold every keyword, comment marker and delimiter
 * of the corpus in their data restore to the same tables as the mariadb client loads as root. The restore account has
 * privileges on the application database only and is locked afterwards; objects belong to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileDumpsIT {

  /** Dumps the policy lets through on purpose: the restore account's missing privileges stop them. */
  private static final List<String> STOPPED_BY_PRIVILEGES = List.of("31-other-schema-after-comma",
      "36-other-schema-in-from-list");

  private final AtomicInteger backups = new AtomicInteger();
  private Path dir;
  private TestDatabase database;
  private MariaDbShell shell;
  private BackupStore store;
  private List<String> baseline;

  @BeforeAll
  void database() throws Exception {
    dir = Files.createTempDirectory("hostile-dumps-it");
    database = new TestDatabase("hd", dir);
    shell = database.shell;
    store = new FileShareBackupStore(dir.resolve("backups"));
    shell.query("CREATE DATABASE IF NOT EXISTS other; CREATE TABLE IF NOT EXISTS other.secret (v VARCHAR(100)); "
        + "INSERT INTO other.secret VALUES ('another application''s data'); CREATE DATABASE IF NOT EXISTS lexer_grid; "
        + "CREATE TABLE IF NOT EXISTS lexer_grid.probe (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT)");
    // The account exists from the first restore on, locked; the baseline is taken with it there.
    restore("CREATE TABLE warmup (id INT);\n");
    baseline = serverState();
  }

  /**
   * Differential: under every sql_mode that changes quoting, the statements the lexer cuts a text into do on the server
   * exactly what the server does with the whole text, for every quoting and comment rule (strings with backslashes
   * and doubled quotes, double quotes as strings or names, backticks, {@code --}, {@code #}, block and versioned
   * comments, introducers, hex). The rows each reading leaves and the error it ends with must be the same.
   */
  @Test
  void theLexerReadsEveryQuotingAndCommentRuleAsTheServerDoesUnderEachSqlMode() throws Exception {
    List<String> modes = List.of("", "ANSI_QUOTES", "NO_BACKSLASH_ESCAPES", "ANSI_QUOTES,NO_BACKSLASH_ESCAPES", "ANSI");
    List<String> values = List.of("'a;b'", "'it''s; fine'", "'back\\';INSERT INTO probe (v) VALUES ('injected');'",
        "\"dq;str\"", "'a\\\\'", "'\\''", "\"a\\\"b\"", "1 -- x;\n + 1", "1 --x;\n + 1", "1 #c;\n + 2",
        "1 /* c; */ + 2", "1 /*! + 2 */", "1 /*!99999 + 2 */", "1 /*M! + 3 */", "1 /*!50000 + 4 */", "1 /*M!100000 + 5 */",
        "1 /*M!999999 + 6 */", "'x' 'y;'", "_utf8mb4'e;'", "X'3B'", "0x3B3B", "N'n;'", "'multi\nline;'", "`v`",
        "'/* not a comment; */'", "'-- not a comment;'", "\"-- in dq; \"", "'a\\Z'", "/* 'open; */ 'closed'",
        "'tab\\t;'", "\"x\"\"y;\"", "`a``b;`", "'$$;'", "'\\\\';INSERT INTO probe (v) VALUES ('second');'",
        "\"\\\";INSERT INTO probe (v) VALUES ('third');\"", "'a' /* ; */ ", "/*!40101 'in versioned; comment' */",
        "1 /*!50699 + 7 */", "1 /*!50700 + 8 */", "1 /*!80000 + 9 */", "1 /*M!50700 + 10 */", "1 /*!1 + 11 */",
        "1 /*!1234 + 12 */", "1 /*!100000 + 13 */", "1 /*!1000000 + 14 */", "1 /*M!99999 + 15 */", "1 /*M! ; */",
        "1 /*!99999 ; */ + 16", "1 /*!000001 + 17 */");
    int version = DumpScan.version(shell.query("SELECT VERSION()").get(0).strip());
    String root = database.jdbcUrl.replace("/demo", "/lexer_grid");
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    int refused = 0;
    for (String mode : modes) {
      for (String value : values) {
        String text = "SET sql_mode='" + mode + "';\nINSERT INTO probe (v) VALUES (" + value + ");\n"
            + "INSERT INTO probe (v) VALUES ('end');\n";
        List<String> pieces = new ArrayList<>();
        try {
          DumpReader reader = new DumpReader(new java.io.StringReader(text), "lexer_grid", version,
              DumpSession.SERVER_DEFAULT, 1 << 20);
          for (SqlStatement statement = reader.nextUnchecked(); statement != null; statement = reader.nextUnchecked()) {
            pieces.add(statement.text());
            try {
              reader.check(statement);
            } catch (ForbiddenStatementException policy) {
              // the split is under test here, not the policy
            }
          }
        } catch (RuntimeException lexer) {
          refused++;
          continue;
        }
        String server = serverReading(root, List.of(text), true);
        String lexer = serverReading(root, pieces, false);
        compared++;
        if (!server.equals(lexer)) {
          disagreements.add("sql_mode '" + mode + "', value " + value + ":\n    server: " + server + "\n    lexer:  " + lexer
              + "\n    pieces: " + pieces);
        }
      }
    }
    System.out.println("lexer and server agree on " + compared + " texts (" + modes.size() + " sql_modes x "
        + values.size() + " quoting and comment rules); the lexer refused " + refused);
    assertThat(disagreements).as("texts the lexer cuts differently from the server").isEmpty();
    assertThat(compared).as("texts compared, not refused").isGreaterThan(modes.size() * values.size() * 3 / 4);
  }

  /** What the server leaves in lexer_grid.probe and the error it stops at, running the statements in one session. */
  private static String serverReading(String url, List<String> statements, boolean multi) throws Exception {
    try (var connection = java.sql.DriverManager.getConnection(url + (multi ? "?allowMultiQueries=true" : ""), "root",
        TestDatabase.PASSWORD); var statement = connection.createStatement()) {
      statement.setEscapeProcessing(false);
      statement.execute("TRUNCATE probe");
      String error = "no error";
      for (String sql : statements) {
        try {
          statement.execute(sql);
          while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
            // drain every result of a multi-statement text
          }
        } catch (java.sql.SQLException e) {
          error = "error " + e.getErrorCode();
          break;
        }
      }
      statement.execute("SET sql_mode=DEFAULT");
      List<String> rows = new ArrayList<>();
      try (var result = statement.executeQuery("SELECT v FROM probe ORDER BY id")) {
        while (result.next()) {
          rows.add(result.getString(1));
        }
      }
      return rows + ", " + error;
    }
  }

  @AfterAll
  void down() {
    database.close();
  }

  @BeforeEach
  void emptyDatabase() {
    shell.query("DROP DATABASE IF EXISTS demo; CREATE DATABASE demo; DROP DATABASE IF EXISTS ref; "
        + "CREATE DATABASE IF NOT EXISTS stackpilot; DROP TABLE IF EXISTS stackpilot.restores");
  }

  @Test
  void everyHostileDumpIsRefusedOrFailsOnPrivilegesAndTheServerIsUnchanged() throws Exception {
    Map<String, byte[]> corpus = new LinkedHashMap<>();
    for (Path file : files("hostile-dumps")) {
      corpus.put(name(file), Files.readAllBytes(file));
    }
    List<String> failures = new ArrayList<>();
    int refused = 0;
    for (Map.Entry<String, byte[]> dump : corpus.entrySet()) {
      String outcome = throughEveryPath(dump.getKey(), compressed(dump.getValue()), true);
      if (outcome == null) {
        refused++;
      } else {
        failures.add(dump.getKey() + ": " + outcome);
      }
    }
    for (Generated generated : generated()) {
      long began = System.nanoTime();
      String outcome = throughEveryPath(generated.name(), generated.compressed(), false);
      long seconds = (System.nanoTime() - began) / 1_000_000_000L;
      System.out.println("hostile dump " + generated.name() + " (" + generated.description() + ") refused on every "
          + "path in " + seconds + " s");
      if (outcome == null) {
        refused++;
      } else {
        failures.add(generated.name() + ": " + outcome);
      }
    }
    int total = corpus.size() + generated().size();
    int benign = 0;
    List<Path> benignDumps = files("benign-dumps");
    for (Path file : benignDumps) {
      emptyDatabase();
      String outcome = restoresLikeTheClient(file);
      if (outcome == null) {
        benign++;
      } else {
        failures.add(name(file) + ": " + outcome);
      }
    }
    System.out.println("hostile dumps refused " + refused + "/" + total + ", benign restored " + benign + "/"
        + benignDumps.size());
    assertThat(failures).isEmpty();
    assertThat(total).isGreaterThanOrEqualTo(25);
    assertThat(benignDumps).hasSizeGreaterThanOrEqualTo(5);
  }

  /**
   * The dump through the restore of an install, the replace of a rollback and the import check; null when each refused
   * it (or stopped it on privileges) and the server is as it was, otherwise what went wrong.
   */
  private String throughEveryPath(String name, byte[] compressed, boolean readAhead) throws Exception {
    boolean privileges = STOPPED_BY_PRIVILEGES.contains(name);
    emptyDatabase();
    BackupManifest backup = backup(compressed);
    String restore = refusal(() -> restore(backup), privileges);
    if (restore != null) {
      return "install restore: " + restore;
    }
    String changed = changedState();
    if (changed != null) {
      return "after the install restore: " + changed;
    }
    if (readAhead) {
      emptyDatabase();
      String ahead = refusal(() -> restoreReadAhead(backup), privileges);
      if (ahead != null) {
        return "install restore of a dump read ahead: " + ahead;
      }
      changed = changedState();
      if (changed != null) {
        return "after the install restore of a dump read ahead: " + changed;
      }
    }
    emptyDatabase();
    shell.query("CREATE TABLE demo.kept (id INT); INSERT INTO demo.kept VALUES (1)");
    String replace = refusal(() -> new DatabaseRestore(shell, database.engine(2)).replace("demo", store, backup, schema(),
        () -> { }, progress -> { }), privileges);
    if (replace != null) {
      return "rollback replace: " + replace;
    }
    if (!privileges && !shell.query("SELECT id FROM demo.kept").equals(List.of("1"))) {
      return "the rollback changed the database before refusing";
    }
    changed = changedState();
    if (changed != null) {
      return "after the rollback replace: " + changed;
    }
    if (readAhead) {
      emptyDatabase();
      shell.query("CREATE TABLE demo.kept (id INT); INSERT INTO demo.kept VALUES (1)");
      String aheadReplace = refusal(() -> replaceReadAhead(backup), privileges);
      if (aheadReplace != null) {
        return "rollback replace of a dump read ahead: " + aheadReplace;
      }
      if (!privileges && !shell.query("SELECT id FROM demo.kept").equals(List.of("1"))) {
        return "the rollback of a dump read ahead changed the database before refusing";
      }
      changed = changedState();
      if (changed != null) {
        return "after the rollback replace of a dump read ahead: " + changed;
      }
    }
    Path local = dir.resolve(name + ".sql.zst");
    Files.write(local, compressed);
    if (!privileges) {
      String imported = refusal(() -> new DumpImport(local).check("demo", progress -> { }), false);
      if (imported != null) {
        return "import check: " + imported;
      }
    }
    Files.delete(local);
    return null;
  }

  private interface Attempt {
    Object run() throws Exception;
  }

  /** Null when {@code attempt} was refused by the policy (or, where expected, failed on privileges). */
  private static String refusal(Attempt attempt, boolean privileges) {
    try {
      Object result = attempt.run();
      return "not refused: " + result;
    } catch (ForbiddenStatementException e) {
      return privileges ? "refused by the policy, expected to fail on privileges: " + e.getMessage() : null;
    } catch (DatabaseException e) {
      return privileges && e.getMessage().contains("denied") ? null : "failed otherwise: " + e.getMessage();
    } catch (Exception e) {
      return "failed otherwise: " + e;
    }
  }

  /** The number {@code pattern}'s group finds in a restore's note; null when the note has none. */
  private static String count(String note, String pattern) {
    java.util.regex.Matcher found = java.util.regex.Pattern.compile(pattern).matcher(note);
    return found.find() ? found.group(1) : null;
  }

  private String restoresLikeTheClient(Path file) throws Exception {
    byte[] sql = Files.readAllBytes(file);
    shell.query("CREATE DATABASE ref");
    shell.load("ref", new java.io.ByteArrayInputStream(sql), Duration.ofMinutes(2));
    BackupManifest backup = backup(compressed(sql));
    RestoreResult result;
    try {
      result = restore(backup);
    } catch (RuntimeException e) {
      return "not restored: " + e.getMessage();
    }
    if (!result.restored()) {
      return "not restored: " + result.reason();
    }
    List<String> expected = contents("ref");
    List<String> restored = contents("demo");
    if (!restored.equals(expected)) {
      return "restored " + restored + ", the client as root loaded " + expected;
    }
    String asLines = count(result.reason(), "([0-9]+) of them as LOAD DATA");
    String asText = asLines == null ? null
        : String.valueOf(Long.parseLong(asLines) + Long.parseLong(count(result.reason(), "([0-9]+) as prepared inserts")));
    // Again, read ahead, and with LOAD DATA LOCAL refused: the rows that went as lines go as prepared inserts too.
    shell.query("DROP DATABASE demo; CREATE DATABASE demo; DROP TABLE stackpilot.restores; SET GLOBAL local_infile = 0");
    try {
      result = restoreReadAhead(backup);
    } catch (RuntimeException e) {
      return "not restored when read ahead: " + e.getMessage();
    } finally {
      shell.query("SET GLOBAL local_infile = 1");
    }
    if (!result.reason().contains("read and verified while the database started")) {
      return "the read ahead's verdict was not used: " + result.reason();
    }
    if (!Objects.equals(count(result.reason(), "([0-9]+) as prepared inserts"), asText)
        || !Objects.equals(count(result.reason(), "([0-9]+) of them as LOAD DATA"), asLines == null ? null : "0")) {
      return "with local_infile off, not the " + asText + " rows that went as lines or prepared inserts went as "
          + "prepared inserts: " + result.reason();
    }
    restored = contents("demo");
    if (!restored.equals(expected)) {
      return "restored when read ahead, as prepared inserts, " + restored + ", the client as root loaded " + expected;
    }
    List<String> definers = shell.query("SELECT DISTINCT definer FROM information_schema.routines WHERE routine_schema = "
        + "'demo' UNION SELECT DISTINCT definer FROM information_schema.triggers WHERE trigger_schema = 'demo' "
        + "UNION SELECT DISTINCT definer FROM information_schema.views WHERE table_schema = 'demo' "
        + "UNION SELECT DISTINCT definer FROM information_schema.events WHERE event_schema = 'demo'");
    if (!definers.isEmpty() && !definers.equals(List.of(RestoreAccount.USER + "@%"))) {
      return "objects belong to " + definers + ", not to the restore account";
    }
    return changedState();
  }

  /**
   * One host agent serves many stacks: while the generated hostile dumps (3 GiB statement, unclosed string, 1 MiB
   * delimiter, a million tokens) are refused one after another in this JVM of 256 MiB heap, another stack's restore
   * on its own server loads every row.
   */
  @Test
  void anotherStacksRestoreGoesOnWhileHostileDumpsAreRefused() throws Exception {
    StringBuilder rows = new StringBuilder("CREATE TABLE r (id INT PRIMARY KEY, v VARCHAR(64));\n");
    for (int batch = 0; batch < 100; batch++) {
      rows.append("INSERT INTO r VALUES ");
      for (int i = 0; i < 200; i++) {
        int id = batch * 200 + i;
        rows.append(i == 0 ? "" : ",").append("(").append(id).append(",'row ").append(id).append(" of the neighbour')");
      }
      rows.append(";\n");
    }
    try (TestDatabase neighbour = new TestDatabase("hn", Files.createDirectories(dir.resolve("neighbour")))) {
      BackupManifest benign = backup(neighbour.customer, compressed(rows.toString().getBytes(StandardCharsets.UTF_8)));
      java.util.concurrent.atomic.AtomicBoolean neighbourDone = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.CountDownLatch hostileBegun = new java.util.concurrent.CountDownLatch(1);
      List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
      var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
      try {
        var hostile = executor.submit(() -> {
          do {
            for (Generated generated : generated()) {
              emptyDatabase();
              BackupManifest backup = backup(generated.compressed());
              hostileBegun.countDown();
              String outcome = refusal(() -> restore(backup), false);
              outcomes.add(generated.name() + ": " + (outcome == null ? "refused" : outcome));
            }
          } while (!neighbourDone.get());
          return null;
        });
        assertThat(hostileBegun.await(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        RestoreResult restored;
        try {
          restored = new DatabaseRestore(neighbour.shell, neighbour.engine(2)).restoreIfEmpty("demo", store, benign,
              schema(), false, () -> { }, progress -> { });
        } finally {
          neighbourDone.set(true);
        }
        hostile.get(10, java.util.concurrent.TimeUnit.MINUTES);

        assertThat(restored.restored()).as(restored.reason()).isTrue();
        assertThat(neighbour.shell.query("SELECT COUNT(*), SUM(id) FROM demo.r")).containsExactly("20000\t199990000");
        assertThat(outcomes).as("every hostile dump refused").hasSizeGreaterThanOrEqualTo(4)
            .allMatch(outcome -> outcome.endsWith(": refused"));
        System.out.println("another stack restored 20,000 rows while " + outcomes.size() + " hostile dumps were refused "
            + "in the same JVM");
      } finally {
        executor.shutdownNow();
      }
    }
    assertThat(changedState()).isNull();
  }

  @Test
  void theRestoreAccountHoldsTheApplicationDatabaseOnlyAndIsLockedAfterwards() throws Exception {
    RestoreResult result = restore(backup(compressed(Files.readAllBytes(Path.of("src/test/resources/benign-dumps/"
        + "02-objects-with-definers.sql")))));

    assertThat(result.reason()).contains("by the restore engine as " + RestoreAccount.USER);
    assertThat(shell.query("SHOW GRANTS FOR " + RestoreAccount.ACCOUNT)).containsExactly(
        "GRANT USAGE ON *.* TO `stackpilot_restore`@`%` IDENTIFIED BY PASSWORD '" + passwordHash() + "'",
        "GRANT " + RestoreAccount.PRIVILEGES + " ON `demo`.* TO `stackpilot_restore`@`%`");
    assertThat(shell.query("SELECT JSON_VALUE(priv, '$.account_locked') FROM mysql.global_priv WHERE user = "
        + "'stackpilot_restore'")).containsExactly("1");
    assertThat(shell.query("SELECT COUNT(*) FROM information_schema.processlist WHERE user = 'stackpilot_restore'"))
        .containsExactly("0");
    // The trigger still fires: its definer is the locked restore account, not root.
    shell.query("INSERT INTO demo.accounts VALUES (3, 'carol', 0)");
    assertThat(shell.query("SELECT what FROM demo.audit ORDER BY id DESC LIMIT 1"))
        .containsExactly("insert; GRANT carol ;; -- x");
    assertThat(shell.query("SELECT definer FROM information_schema.triggers WHERE trigger_schema = 'demo'"))
        .containsExactly("stackpilot_restore@%");
  }

  @Test
  void anEarlierAttemptsAccountIsResetByTheNextRestore() throws Exception {
    // An agent that died mid-restore left the account unlocked, with a password only it knew, and a grant added.
    shell.query("CREATE USER IF NOT EXISTS " + RestoreAccount.ACCOUNT + "; ALTER USER " + RestoreAccount.ACCOUNT
        + " IDENTIFIED BY 'left-behind' ACCOUNT UNLOCK; GRANT SELECT ON other.* TO " + RestoreAccount.ACCOUNT);

    restore(backup(compressed("CREATE TABLE t (id INT);\n".getBytes(StandardCharsets.UTF_8))));

    assertThat(String.join("\n", shell.query("SHOW GRANTS FOR " + RestoreAccount.ACCOUNT))).doesNotContain("other");
    assertThat(shell.query("SELECT JSON_VALUE(priv, '$.account_locked') FROM mysql.global_priv WHERE user = "
        + "'stackpilot_restore'")).containsExactly("1");
    assertThatThrownBy(() -> java.sql.DriverManager.getConnection(database.jdbcUrl, RestoreAccount.USER, "left-behind"))
        .isInstanceOf(java.sql.SQLException.class);
  }

  @Test
  void anEarlierAttemptsSessionIsEndedWhenTheRestoreAccountOpensBeforeAnythingLoads() throws Exception {
    // The agent that died left a session signed in over the published port, as the loaders connect.
    shell.query("CREATE USER IF NOT EXISTS " + RestoreAccount.ACCOUNT + "; ALTER USER " + RestoreAccount.ACCOUNT
        + " IDENTIFIED BY 'left-behind' ACCOUNT UNLOCK; GRANT ALL ON demo.* TO " + RestoreAccount.ACCOUNT);
    try (java.sql.Connection leftBehind = java.sql.DriverManager.getConnection(database.jdbcUrl, RestoreAccount.USER,
        "left-behind")) {
      assertThat(sessions()).containsExactly("1");

      try (RestoreAccount opened = RestoreAccount.open(shell, "demo")) {
        assertThat(sessions()).as("no session of the earlier attempt while the restore loads").containsExactly("0");
        assertThat(leftBehind.isValid(5)).as("the earlier attempt's session was ended").isFalse();
      }
    }
  }

  private List<String> sessions() {
    return shell.query("SELECT COUNT(*) FROM information_schema.processlist WHERE user = 'stackpilot_restore'");
  }

  @Test
  void aDumpTheEngineDeclinesIsLoadedByTheClientInItsSandboxAsTheRestoreAccount() throws Exception {
    RestoreResult result = restore(backup(compressed(Files.readAllBytes(Path.of("src/test/resources/benign-dumps/"
        + "03-latin1-through-the-client.sql")))));

    assertThat(result.reason()).contains("through the mariadb client as stackpilot_restore in its sandbox (the restore "
        + "engine declined it: the dump's rows are written in character set latin1");
    assertThat(shell.query("SELECT HEX(n) FROM demo.names WHERE id = 1")).singleElement().asString()
        .startsWith("636166E9");
    assertThat(shell.query("SELECT definer FROM information_schema.triggers WHERE trigger_schema = 'demo'"))
        .containsExactly("stackpilot_restore@%");
  }

  private String passwordHash() {
    return shell.query("SELECT JSON_VALUE(priv, '$.authentication_string') FROM mysql.global_priv WHERE user = "
        + "'stackpilot_restore'").get(0);
  }

  private record Generated(String name, String description, byte[] compressed) {}

  private List<Generated> generatedCache;

  /** The dumps whose size is the attack: a few hundred KB of zstd each, generated as the test runs. */
  private List<Generated> generated() throws IOException {
    if (generatedCache != null) {
      return generatedCache;
    }
    String head = "CREATE TABLE t (id INT PRIMARY KEY, v LONGTEXT);\n";
    List<Generated> list = new ArrayList<>();
    list.add(new Generated("g1-statement-of-3-gib", "one INSERT of 3 GiB", compressed(out -> {
      out.write((head + "INSERT INTO t VALUES (1,'").getBytes(StandardCharsets.US_ASCII));
      repeat(out, (byte) 'a', 3L << 30);
      out.write("');\n".getBytes(StandardCharsets.US_ASCII));
    })));
    list.add(new Generated("g2-string-never-closes", "a string opened and never closed over 1 GiB", compressed(out -> {
      out.write((head + "INSERT INTO t VALUES (1,'").getBytes(StandardCharsets.US_ASCII));
      repeat(out, (byte) 'b', 1L << 30);
    })));
    list.add(new Generated("g3-delimiter-of-1-mib", "a DELIMITER of 1 MiB", compressed(out -> {
      out.write((head + "DELIMITER ").getBytes(StandardCharsets.US_ASCII));
      repeat(out, (byte) 'x', 1L << 20);
      out.write("\nSELECT 1;\n".getBytes(StandardCharsets.US_ASCII));
    })));
    list.add(new Generated("g4-grant-past-a-million-tokens", "a trigger body whose GRANT stands after 1,000,010 tokens",
        compressed(out -> {
          out.write((head + "DELIMITER ;;\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 0")
              .getBytes(StandardCharsets.US_ASCII));
          byte[] plusOne = " + 1".getBytes(StandardCharsets.US_ASCII);
          for (int i = 0; i < 500_005; i++) {
            out.write(plusOne);
          }
          out.write("; GRANT ALL ON *.* TO 'evil'@'%'; END;;\nDELIMITER ;\n".getBytes(StandardCharsets.US_ASCII));
        })));
    generatedCache = list;
    return list;
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private static byte[] compressed(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(bytes, 1)) {
      writer.write(z);
    }
    return bytes.toByteArray();
  }

  private static byte[] compressed(byte[] sql) throws IOException {
    return compressed(out -> out.write(sql));
  }

  private static void repeat(OutputStream out, byte b, long count) throws IOException {
    byte[] block = new byte[1 << 20];
    Arrays.fill(block, b);
    for (long left = count; left > 0; left -= block.length) {
      out.write(block, 0, (int) Math.min(block.length, left));
    }
  }

  private RestoreResult restore(String sql) throws IOException {
    return restore(backup(compressed(sql.getBytes(StandardCharsets.UTF_8))));
  }

  private RestoreResult restore(BackupManifest backup) {
    return new DatabaseRestore(shell, database.engine(2)).restoreIfEmpty("demo", store, backup, schema(), false,
        () -> { }, progress -> { });
  }

  /** As an install restores {@code backup} after its host agent read it ahead while the database started. */
  private RestoreResult restoreReadAhead(BackupManifest backup) {
    return new DatabaseRestore(shell, database.engine(2), readAhead(backup, "while the database started"))
        .restoreIfEmpty("demo", store, backup, schema(), false, () -> { }, progress -> { });
  }

  /** As a rollback replaces the data with {@code backup} after its host agent read it ahead while the services stopped. */
  private RestoreResult replaceReadAhead(BackupManifest backup) {
    return new DatabaseRestore(shell, database.engine(2), readAhead(backup, "while the services stopped"))
        .replace("demo", store, backup, schema(), () -> { }, progress -> { });
  }

  /** {@code backup} read ahead by this agent, as {@code StageBackup} reads it. */
  private DatabaseRestore.Ahead readAhead(BackupManifest backup, String during) {
    StagedBackups readAhead = new StagedBackups();
    readAhead.begin("hd/demo", backup.backupId(), DatabaseRestore.dumpPart(backup).sha256(), System.currentTimeMillis())
        .orElseThrow().done(DatabaseRestore.readAhead(store, backup, "demo", StagedPart.create(backup.backupId()),
            progress -> { }));
    return new DatabaseRestore.Ahead(readAhead, "hd/demo", during);
  }

  private BackupManifest backup(byte[] compressed) {
    return backup(database.customer, compressed);
  }

  private BackupManifest backup(String customer, byte[] compressed) {
    // One second apart from midnight on, whatever number of backups the class has written.
    String id = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'-'hostile'")
        .format(java.time.LocalDateTime.of(2026, 12, 3, 0, 0).plusSeconds(backups.incrementAndGet()));
    BackupManifest.Part part = store.writePart(customer, id, DatabaseRestore.PART,
        new java.io.ByteArrayInputStream(compressed));
    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, id, "backup", customer, "1.1.0", "2",
        "c0ffee1", "host", BackupId.parse(id).createdAt().toString(), List.of(part), null);
    store.writeManifest(manifest);
    return manifest;
  }

  private static ReleaseSchema schema() {
    return ReleaseSchema.of("1.1.0", new DirectoryReleaseStore(TestEnvironment.releasesDir()).migrations("1.1.0").keySet());
  }

  /** Each table's rows as a checksum of every column's bytes, and the names of the views, triggers and routines. */
  private List<String> contents(String schema) {
    List<String> state = new ArrayList<>();
    for (String table : shell.query("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
        + "' AND table_type = 'BASE TABLE' ORDER BY 1")) {
      List<String> columns = shell.query("SELECT CONCAT('HEX(IFNULL(`', REPLACE(column_name, '`', '``'), '`, ''NULL''))') "
          + "FROM information_schema.columns WHERE table_schema = '" + schema + "' AND table_name = "
          + MariaDbShell.quote(table) + " ORDER BY ordinal_position");
      state.addAll(shell.query("SELECT " + MariaDbShell.quote(table) + ", COUNT(*), BIT_XOR(CRC32(CONCAT_WS('|', "
          + String.join(", ", columns) + "))) FROM `" + schema + "`.`" + table.replace("`", "``") + "`"));
    }
    state.addAll(shell.query("SELECT CONCAT('view ', table_name) FROM information_schema.views WHERE table_schema = '"
        + schema + "' UNION ALL SELECT CONCAT('trigger ', trigger_name) FROM information_schema.triggers WHERE "
        + "trigger_schema = '" + schema + "' UNION ALL SELECT CONCAT(routine_type, ' ', routine_name) FROM "
        + "information_schema.routines WHERE routine_schema = '" + schema + "' UNION ALL SELECT CONCAT('event ', "
        + "event_name) FROM information_schema.events WHERE event_schema = '" + schema + "' ORDER BY 1"));
    return state;
  }

  /**
   * What a hostile dump would change on the server: accounts, grants and roles (the restore account's grant on the
   * application database aside), plugins and functions, global variables, stored objects and tables outside the
   * application database, and files where the server writes.
   */
  private List<String> serverState() {
    List<String> state = new ArrayList<>();
    state.addAll(shell.query("SELECT CONCAT('account ', user, '@', host, ' ', JSON_REMOVE(priv, '$.password_last_changed',"
        + " '$.authentication_string', '$.account_locked')) FROM mysql.global_priv ORDER BY 1"));
    state.addAll(shell.query("SELECT CONCAT('db grant ', user, '@', host, ' ', db) FROM mysql.db ORDER BY 1"));
    state.addAll(shell.query("SELECT CONCAT('table grant ', user, '@', host, ' ', db, '.', table_name) FROM "
        + "mysql.tables_priv UNION ALL SELECT CONCAT('routine grant ', user, '@', host, ' ', db, '.', routine_name) FROM "
        + "mysql.procs_priv UNION ALL SELECT CONCAT('role ', user, '@', host, ' ', role) FROM mysql.roles_mapping "
        + "UNION ALL SELECT CONCAT('function ', name) FROM mysql.func ORDER BY 1"));
    state.addAll(shell.query("SELECT CONCAT('plugin ', plugin_name, ' ', plugin_status) FROM information_schema.plugins "
        + "ORDER BY 1"));
    state.addAll(shell.query("SELECT CONCAT('global ', variable_name, '=', IFNULL(variable_value, 'NULL')) FROM "
        + "information_schema.global_variables WHERE variable_name NOT LIKE 'GTID%' ORDER BY 1"));
    state.addAll(shell.query("SELECT CONCAT('object ', routine_schema, '.', routine_name) FROM information_schema.routines "
        + "WHERE routine_schema NOT IN ('demo', 'ref') UNION ALL SELECT CONCAT('trigger ', trigger_schema, '.', "
        + "trigger_name) FROM information_schema.triggers WHERE trigger_schema NOT IN ('demo', 'ref') UNION ALL SELECT "
        + "CONCAT('event ', event_schema, '.', event_name) FROM information_schema.events WHERE event_schema NOT IN "
        + "('demo', 'ref') UNION ALL "
        + "SELECT CONCAT('table ', table_schema, '.', table_name) FROM information_schema.tables WHERE table_schema NOT IN "
        + "('demo', 'ref', 'information_schema', 'performance_schema') ORDER BY 1"));
    ByteArrayOutputStream files = new ByteArrayOutputStream();
    database.exec().run(database.container, List.of("sh", "-c", "find /tmp /var/tmp /etc/mysql /usr/lib/mysql/plugin "
        + "-maxdepth 3 2>&1; ls -a /var/lib/mysql | grep -v '^ib\\|^#\\|^aria_log\\|^ddl_recovery\\|^demo$\\|^ref$'"),
        null, files, OutputStream.nullOutputStream(), Duration.ofSeconds(30));
    files.toString(StandardCharsets.UTF_8).lines().map(line -> "file " + line).forEach(state::add);
    return state;
  }

  /** Null when the server is as it was before the corpus ran; what changed otherwise. */
  private String changedState() {
    List<String> now = serverState();
    if (now.equals(baseline)) {
      return null;
    }
    List<String> added = new ArrayList<>(now);
    added.removeAll(baseline);
    List<String> removed = new ArrayList<>(baseline);
    removed.removeAll(now);
    return "the server changed: added " + added + ", removed " + removed;
  }

  private static List<Path> files(String folder) throws IOException {
    try (Stream<Path> list = Files.list(Path.of("src/test/resources", folder))) {
      return list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
  }

  private static String name(Path file) {
    return file.getFileName().toString().replace(".sql", "");
  }
}
