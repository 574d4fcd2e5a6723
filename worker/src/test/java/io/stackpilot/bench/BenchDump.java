package io.stackpilot.bench;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * A deterministic dump of about {@code size} bytes, written as mariadb-dump writes one: a customer database whose
 * call records dominate it, with log lines, invoices and accounts, and secondary indexes on random keys (phone numbers,
 * times) as such tables have. Extended inserts of about 1 MB, the same seed every time.
 */
final class BenchDump {

  private static final int STATEMENT = 1 << 20;
  private static final String[] WORDS = {"call", "routed", "to", "queue", "agent", "answered", "transferred", "hold",
      "customer", "billing", "support", "timeout", "retry", "dtmf", "ivr", "menu", "option", "voicemail", "recording",
      "started", "ended", "by", "caller", "callee", "sip", "trunk", "codec", "opus", "g711", "jitter", "ms", "ok"};

  private final long size;
  private final SplittableRandom random = new SplittableRandom(20261201);
  private long written;

  BenchDump(long size) {
    this.size = size;
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
    long accounts = Math.max(100, size / 100_000);
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
    table(out, "calls", """
        `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `account_id` int(11) NOT NULL,
          `caller` varchar(20) NOT NULL,
          `callee` varchar(20) NOT NULL,
          `started` datetime NOT NULL,
          `seconds` int(11) NOT NULL,
          `disposition` varchar(20) NOT NULL,
          `cost` decimal(10,4) NOT NULL,
          PRIMARY KEY (`id`),
          KEY `by_caller` (`caller`),
          KEY `by_started` (`started`,`callee`),
          KEY `by_account` (`account_id`)""", size * 7 / 10 / 110, (row, sql) -> sql.append(row).append(',')
        .append(1 + random.nextLong(accounts)).append(",'+49").append(10_000_000_000L + random.nextLong(90_000_000_000L))
        .append("','+1").append(1_000_000_000L + random.nextLong(9_000_000_000L)).append("','").append(time())
        .append("',").append(random.nextInt(7200)).append(",'").append(random.nextInt(10) < 8 ? "ANSWERED" : "NO ANSWER")
        .append("',").append(random.nextInt(100)).append('.').append(1000 + random.nextInt(9000)));
    table(out, "call_logs", """
        `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `call_id` bigint(20) NOT NULL,
          `at` datetime(3) NOT NULL,
          `level` enum('DEBUG','INFO','WARN','ERROR') NOT NULL,
          `message` varchar(500) NOT NULL,
          PRIMARY KEY (`id`),
          KEY `by_call` (`call_id`),
          KEY `by_at` (`at`)""", Long.MAX_VALUE, (row, sql) -> {
          sql.append(row).append(',').append(1 + random.nextLong(Math.max(1, size * 7 / 10 / 110))).append(",'")
              .append(time()).append('.').append(random.nextInt(100, 1000)).append("','")
              .append(new String[] {"DEBUG", "INFO", "WARN", "ERROR"}[random.nextInt(4)]).append("','");
          int words = 10 + random.nextInt(50);
          for (int w = 0; w < words; w++) {
            sql.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
          }
          sql.append('\'');
        });
    out.write("""
        /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
        /*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
        /*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
        /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
        /*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
        """);
  }

  private interface Row {
    void append(long row, StringBuilder sql);
  }

  /** A table and up to {@code rows} rows, ending early when the dump reaches its size. */
  private void table(Writer out, String name, String columns, long rows, Row row) throws IOException {
    String header = "DROP TABLE IF EXISTS `" + name + "`;\n/*!40101 SET @saved_cs_client = @@character_set_client */;\n"
        + "/*!40101 SET character_set_client = utf8 */;\nCREATE TABLE `" + name + "` (\n  " + columns
        + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n/*!40101 SET character_set_client = @saved_cs_client */;\n"
        + "LOCK TABLES `" + name + "` WRITE;\n/*!40000 ALTER TABLE `" + name + "` DISABLE KEYS */;\n";
    out.write(header);
    written += header.length();
    StringBuilder sql = new StringBuilder(STATEMENT + 4096);
    long id = 1;
    while (id <= rows && written < size) {
      sql.setLength(0);
      sql.append("INSERT INTO `").append(name).append("` VALUES ");
      boolean first = true;
      while (sql.length() < STATEMENT && id <= rows) {
        sql.append(first ? "(" : ",(");
        row.append(id++, sql);
        sql.append(')');
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

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private String time() {
    long second = random.nextLong(365L * 24 * 3600);
    return TIME.format(LocalDateTime.ofEpochSecond(1_767_225_600L + second, 0, ZoneOffset.UTC));
  }
}
