package io.stackpilot.bench;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic dump of about {@code size} bytes of one {@link Shape}, written as mariadb-dump writes one: extended
 * inserts of about 1 MB, the same seed every time.
 */
final class BenchDump {

  /** What the data looks like: the restore's speed depends on row width, index count, key order and table count. */
  enum Shape {
    CALLS("calls", "call records and their log lines dominating, with invoices and accounts; 2–3 secondary indexes a "
        + "table, most on random keys"),
    CALL_CENTER("call-center", "one call table (two secondary indexes on random phone numbers, a foreign key to a small "
        + "parent table)"),
    WIDE("wide", "rows of about 2 KB (a text column), one secondary index"),
    INDEXED("indexed", "narrow rows with six secondary indexes on random keys"),
    SEQUENTIAL("sequential", "calls with every key rising in insert order (times, numbers), three secondary indexes"),
    TABLES("tables", "400 tables of the same size, two secondary indexes on random keys each");

    final String key;
    final String description;

    Shape(String key, String description) {
      this.key = key;
      this.description = description;
    }

    static Shape of(String key) {
      return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst().orElseThrow(() ->
          new IllegalArgumentException("unknown shape " + key + "; allowed: " + String.join(", ",
              Arrays.stream(values()).map(s -> s.key).toList())));
    }
  }

  /** mariadb-dump's default {@code --net-buffer-length}: no extended insert it writes is longer. */
  private static final int STATEMENT = 1024 * 1024 - 1025;
  private static final String[] WORDS = {"call", "routed", "to", "queue", "agent", "answered", "transferred", "hold",
      "customer", "billing", "support", "timeout", "retry", "dtmf", "ivr", "menu", "option", "voicemail", "recording",
      "started", "ended", "by", "caller", "callee", "sip", "trunk", "codec", "opus", "g711", "jitter", "ms", "ok"};
  /** A call record's columns and primary key; its secondary keys follow. */
  private static final String CALL_COLUMNS = """
      `id` bigint(20) NOT NULL AUTO_INCREMENT,
        `account_id` int(11) NOT NULL,
        `caller` varchar(20) NOT NULL,
        `callee` varchar(20) NOT NULL,
        `started` datetime NOT NULL,
        `seconds` int(11) NOT NULL,
        `disposition` varchar(20) NOT NULL,
        `cost` decimal(10,4) NOT NULL,
        PRIMARY KEY (`id`),
      """;
  private static final String CALL_KEYS = """
        KEY `by_caller` (`caller`),
        KEY `by_started` (`started`,`callee`),
        KEY `by_account` (`account_id`)""";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final long YEAR = 365L * 24 * 3600;

  private final long size;
  private final Shape shape;
  private final SplittableRandom random = new SplittableRandom(20261201);
  private final Map<String, String> creates = new LinkedHashMap<>();
  private long written;

  BenchDump(long size, Shape shape) {
    this.size = size;
    this.shape = shape;
  }

  /** The tables the dump creates, in dump order, and their CREATE TABLE statements. */
  Map<String, String> tables() {
    return creates;
  }

  void writeTo(Writer out) throws IOException {
    out.write("""
        /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
        /*!40101 SET NAMES utf8mb4 */;
        /*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
        /*!40103 SET TIME_ZONE='+00:00' */;
        /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
        /*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
        /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
        """);
    switch (shape) {
      case CALLS -> calls(out);
      case CALL_CENTER -> callCenter(out);
      case WIDE -> wide(out);
      case INDEXED -> indexed(out);
      case SEQUENTIAL -> sequential(out);
      case TABLES -> manyTables(out);
    }
    out.write("""
        /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
        /*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
        /*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
        /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
        /*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
        """);
  }

  private void calls(Writer out) throws IOException {
    long accounts = Math.max(100, size / 100_000);
    accounts(out, accounts);
    table(out, "invoices", """
        `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `account_id` int(11) NOT NULL,
          `amount` decimal(12,2) NOT NULL,
          `issued` date NOT NULL,
          PRIMARY KEY (`id`),
          KEY `by_account` (`account_id`),
          KEY `by_issued` (`issued`)""", size / 20 / 40, (row, sql) -> sql.append(row).append(',')
        .append(1 + random.nextLong(accounts)).append(',').append(random.nextInt(100_000)).append('.')
        .append(random.nextInt(10, 100)).append(",'").append(time(), 0, 10).append('\''));
    long calls = size * 7 / 10 / 110;
    table(out, "calls", CALL_COLUMNS + CALL_KEYS, calls, (row, sql) -> call(sql, row, 1 + random.nextLong(accounts),
        10_000_000_000L + random.nextLong(90_000_000_000L), time()));
    table(out, "call_logs", """
        `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `call_id` bigint(20) NOT NULL,
          `at` datetime(3) NOT NULL,
          `level` enum('DEBUG','INFO','WARN','ERROR') NOT NULL,
          `message` varchar(500) NOT NULL,
          PRIMARY KEY (`id`),
          KEY `by_call` (`call_id`),
          KEY `by_at` (`at`)""", Long.MAX_VALUE, (row, sql) -> {
          sql.append(row).append(',').append(1 + random.nextLong(Math.max(1, calls))).append(",'")
              .append(time()).append('.').append(random.nextInt(100, 1000)).append("','")
              .append(new String[] {"DEBUG", "INFO", "WARN", "ERROR"}[random.nextInt(4)]).append("','");
          words(sql, 10 + random.nextInt(50));
          sql.append('\'');
        });
  }

  /** As the call-center database in #32: a parent table of a few thousand rows and one call table of many. */
  private void callCenter(Writer out) throws IOException {
    long accounts = 5_000;
    accounts(out, accounts);
    table(out, "calls", CALL_COLUMNS + """
          KEY `by_caller` (`caller`),
          KEY `by_callee` (`callee`),
          KEY `calls_account` (`account_id`),
          CONSTRAINT `calls_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`)""", Long.MAX_VALUE,
        (row, sql) -> call(sql, row, 1 + random.nextLong(accounts), 10_000_000_000L + random.nextLong(90_000_000_000L),
            time()));
  }

  private void wide(Writer out) throws IOException {
    table(out, "documents", """
        `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `account_id` int(11) NOT NULL,
          `title` varchar(200) NOT NULL,
          `body` text NOT NULL,
          `created` datetime NOT NULL,
          PRIMARY KEY (`id`),
          KEY `by_created` (`created`)""", Long.MAX_VALUE, (row, sql) -> {
          sql.append(row).append(',').append(1 + random.nextInt(10_000)).append(",'");
          words(sql, 4 + random.nextInt(8));
          sql.append("','");
          words(sql, 250 + random.nextInt(100));
          sql.append("','").append(time()).append('\'');
        });
  }

  private void indexed(Writer out) throws IOException {
    table(out, "events", """
        `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `a` int(11) NOT NULL,
          `b` int(11) NOT NULL,
          `c` varchar(16) NOT NULL,
          `d` datetime NOT NULL,
          `e` bigint(20) NOT NULL,
          `f` int(11) NOT NULL,
          PRIMARY KEY (`id`),
          KEY `by_a` (`a`),
          KEY `by_b` (`b`),
          KEY `by_c` (`c`),
          KEY `by_d` (`d`),
          KEY `by_e` (`e`),
          KEY `by_f_a` (`f`,`a`)""", Long.MAX_VALUE, (row, sql) -> sql.append(row).append(',')
        .append(random.nextInt(Integer.MAX_VALUE)).append(',').append(random.nextInt(Integer.MAX_VALUE)).append(",'")
        .append(code()).append("','").append(time()).append("',")
        .append(random.nextLong(Long.MAX_VALUE)).append(',').append(random.nextInt(1000)));
  }

  private void sequential(Writer out) throws IOException {
    long rows = size / 110;
    table(out, "calls", CALL_COLUMNS + CALL_KEYS, Long.MAX_VALUE, (row, sql) -> call(sql, row, 1 + row / 1000,
        10_000_000_000L + row * 7, at(row * YEAR / Math.max(1, rows))));
  }

  private void manyTables(Writer out) throws IOException {
    int count = 400;
    long each = size / count;
    for (int t = 0; t < count; t++) {
      long end = written + each;
      table(out, String.format(Locale.ROOT, "t%03d", t), """
          `id` bigint(20) NOT NULL AUTO_INCREMENT,
            `owner` int(11) NOT NULL,
            `code` varchar(20) NOT NULL,
            `at` datetime NOT NULL,
            `note` varchar(200) NOT NULL,
            PRIMARY KEY (`id`),
            KEY `by_owner` (`owner`),
            KEY `by_code` (`code`)""", Long.MAX_VALUE, (row, sql) -> {
            sql.append(row).append(',').append(random.nextInt(1_000_000)).append(",'")
                .append(code()).append("','").append(time())
                .append("','");
            words(sql, 3 + random.nextInt(10));
            sql.append('\'');
          }, end);
    }
  }

  private void accounts(Writer out, long accounts) throws IOException {
    table(out, "accounts", """
        `id` int(11) NOT NULL AUTO_INCREMENT,
          `name` varchar(100) NOT NULL,
          `email` varchar(200) NOT NULL,
          `created` datetime NOT NULL,
          PRIMARY KEY (`id`),
          UNIQUE KEY `by_email` (`email`),
          KEY `by_created` (`created`)""", accounts, (row, sql) -> sql.append(row).append(",'Account ").append(row)
        .append("','billing").append(random.nextInt(1_000_000_000)).append('-').append(row).append("@example.invalid','")
        .append(time()).append('\''));
  }

  private void call(StringBuilder sql, long row, long account, long caller, String started) {
    sql.append(row).append(',').append(account).append(",'+49").append(caller)
        .append("','+1").append(1_000_000_000L + random.nextLong(9_000_000_000L)).append("','").append(started)
        .append("',").append(random.nextInt(7200)).append(",'").append(random.nextInt(10) < 8 ? "ANSWERED" : "NO ANSWER")
        .append("',").append(random.nextInt(100)).append('.').append(1000 + random.nextInt(9000));
  }

  /** Ten random letters and digits: a key with no order. */
  private String code() {
    char[] code = new char[10];
    for (int i = 0; i < code.length; i++) {
      code[i] = Character.forDigit(random.nextInt(36), 36);
    }
    return new String(code);
  }

  private void words(StringBuilder sql, int words) {
    for (int w = 0; w < words; w++) {
      sql.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
  }

  private interface Row {
    void append(long row, StringBuilder sql);
  }

  private void table(Writer out, String name, String columns, long rows, Row row) throws IOException {
    table(out, name, columns, rows, row, size);
  }

  /** A table and up to {@code rows} rows, ending early when the dump reaches {@code end} bytes. */
  private void table(Writer out, String name, String columns, long rows, Row row, long end) throws IOException {
    String create = "CREATE TABLE `" + name + "` (\n  " + columns + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    creates.put(name, create);
    String header = "DROP TABLE IF EXISTS `" + name + "`;\n/*!40101 SET @saved_cs_client = @@character_set_client */;\n"
        + "/*!40101 SET character_set_client = utf8 */;\n" + create + ";\n"
        + "/*!40101 SET character_set_client = @saved_cs_client */;\n"
        + "LOCK TABLES `" + name + "` WRITE;\n/*!40000 ALTER TABLE `" + name + "` DISABLE KEYS */;\n";
    out.write(header);
    written += header.length();
    StringBuilder sql = new StringBuilder(STATEMENT + 2);
    StringBuilder value = new StringBuilder(4096);
    long id = 1;
    while (id <= rows && written < end) {
      sql.setLength(0);
      sql.append("INSERT INTO `").append(name).append("` VALUES ");
      boolean first = true;
      while (id <= rows && (first || written + sql.length() < end)) {
        if (value.isEmpty()) {
          value.append('(');
          row.append(id, value);
          value.append(')');
        }
        // As mariadb-dump: a row that would take the statement past the limit starts the next one.
        if (!first && sql.length() + 1 + value.length() + 1 > STATEMENT) {
          break;
        }
        sql.append(first ? "" : ",").append(value);
        value.setLength(0);
        id++;
        first = false;
      }
      sql.append(";\n");
      out.append(sql);
      written += sql.length();
    }
    String footer = "/*!40000 ALTER TABLE `" + name + "` ENABLE KEYS */;\nUNLOCK TABLES;\n";
    out.write(footer);
    written += footer.length();
  }

  private String time() {
    return at(random.nextLong(YEAR));
  }

  private static String at(long second) {
    return TIME.format(LocalDateTime.ofEpochSecond(1_767_225_600L + second, 0, ZoneOffset.UTC));
  }
}
