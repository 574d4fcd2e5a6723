package io.stackpilot.activities.database.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Rows of a dump's INSERTs as LOAD DATA's tab-separated lines: every string escape read as the server reads it and
 * written as LOAD DATA reads it, so no value can add a field or a line; numbers only in the form that reads the same as
 * text, and not into a column that reads them apart; anything else refuses the batch. On a real server:
 * {@code RestoreEngineIT}.
 */
class DelimitedRowsTest {

  /** A table of {@code n} text columns {@code c1}…{@code cn}. */
  private static LiteralRows.Table table(int n) {
    StringBuilder create = new StringBuilder("CREATE TABLE t (");
    for (int c = 1; c <= n; c++) {
      create.append(c == 1 ? "" : ", ").append("c").append(c).append(" TEXT");
    }
    return LiteralRows.Table.of(create.append(") ENGINE=InnoDB").toString());
  }

  private static String lines(int columns, String... inserts) {
    DelimitedRows rows = new DelimitedRows(table(columns));
    for (String insert : inserts) {
      assertThat(rows.add(insert)).as(insert).isTrue();
    }
    return StandardCharsets.UTF_8.decode(rows.encoded()).toString();
  }

  private static boolean refused(LiteralRows.Table table, String... inserts) {
    DelimitedRows rows = new DelimitedRows(table);
    for (String insert : inserts) {
      if (!rows.add(insert)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void rowsBecomeLinesAndNullBecomesBackslashN() {
    assertThat(lines(4, "INSERT INTO `calls` VALUES (1,'+4930',NULL,-2.50),(2, 'b' , null ,0)"))
        .isEqualTo("1\t+4930\t\\N\t-2.50\n2\tb\t\\N\t0\n");
  }

  @Test
  void noValueCanAddAFieldOrALine() {
    assertThat(lines(2, "INSERT INTO t VALUES ('a\\tb\\nc\\rd','raw\ttab\nnewline')"))
        .isEqualTo("a\\tb\\nc\\rd\traw\\ttab\\nnewline\n");
    assertThat(lines(3, "INSERT INTO t VALUES ('\\\\N','\\\\','x\\\\')"))
        .as("a backslash is escaped: the text \\N is not NULL, a trailing backslash does not join the next field")
        .isEqualTo("\\\\N\t\\\\\tx\\\\\n");
  }

  @Test
  void stringEscapesAreReadAsTheServerReadsThem() {
    assertThat(lines(6, "INSERT INTO t VALUES ('it''s','\\'q\\\"','\"','a\\0b','\\Z\\b','\\x\\y')"))
        .isEqualTo("it's\t'q\"\t\"\ta\\0b\t\u001a\b\txy\n");
    assertThat(lines(1, "INSERT INTO t VALUES ('50\\% a\\_b')"))
        .as("\\% and \\_ keep their backslash in a string literal").isEqualTo("50\\\\% a\\\\_b\n");
    assertThat(lines(2, "INSERT INTO t VALUES (\"double \"\" quoted\", 'ü 😀')")).isEqualTo("double \" quoted\tü 😀\n");
  }

  @Test
  void onlyNumbersThatReadTheSameAsTextGo() {
    assertThat(lines(5, "INSERT INTO t VALUES (0,-1,18446744073709551615,0.5,-12345678901234567890.0123456789)"))
        .isEqualTo("0\t-1\t18446744073709551615\t0.5\t-12345678901234567890.0123456789\n");
    for (String value : new String[] {"007", "-0", "-0.0", "+1", "1e5", "1.5E-3", ".5", "1.", "0x1F", "X'1F'",
        "b'101'", "_binary 'a'", "_utf8mb4'a'", "N'a'", "TRUE", "DEFAULT", "Null", "NOW()", "1+1", "- 1",
        "1".repeat(66)}) {
      assertThat(refused(table(2), "INSERT INTO t VALUES (1," + value + ")")).as(value).isTrue();
    }
  }

  @Test
  void enumSetAndYearColumnsTakeStringsOnly() {
    LiteralRows.Table typed = LiteralRows.Table.of("CREATE TABLE t (id INT, `Level` ENUM('2','1'), tags "
        + "SET('a','b'), y YEAR, v VARCHAR(10) CHARACTER SET latin1, CONSTRAINT f FOREIGN KEY (id) REFERENCES p (id) "
        + "ON DELETE SET NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    DelimitedRows rows = new DelimitedRows(typed);
    assertThat(rows.add("INSERT INTO t VALUES (1,'1','a,b','0',1)")).isTrue();
    assertThat(rows.add("INSERT INTO t VALUES (2,NULL,NULL,NULL,NULL)")).isTrue();
    assertThat(rows.rows()).isEqualTo(2);
    assertThat(refused(typed, "INSERT INTO t VALUES (1,1,'a','2026','x')")).as("an ENUM's index").isTrue();
    assertThat(refused(typed, "INSERT INTO t VALUES (1,'1',1,'2026','x')")).as("a SET's bits").isTrue();
    assertThat(refused(typed, "INSERT INTO t VALUES (1,'1','a',0,'x')")).as("YEAR's 0").isTrue();
    assertThat(refused(typed, "INSERT INTO t (v, level) VALUES ('x', 1)")).as("by the column list").isTrue();
    assertThat(refused(typed, "INSERT INTO t (v, level) VALUES (1, '1')")).isFalse();
    assertThat(refused(typed, "INSERT INTO t (v, nope) VALUES (1, '1')")).as("a column the table lacks").isTrue();
  }

  @Test
  void tablesWithColumnsALineDoesNotCarryAreNotCarried() {
    assertThat(LiteralRows.Table.of("CREATE TABLE t (`year` INT, `bit` TEXT) ENGINE=InnoDB")).as("quoted names")
        .isNotNull();
    for (String type : new String[] {"BIT(3)", "BIT", "POINT", "GEOMETRY", "INT INVISIBLE"}) {
      assertThat(LiteralRows.Table.of("CREATE TABLE t (id INT, c " + type + ") ENGINE=InnoDB")).as(type).isNull();
    }
    assertThat(LiteralRows.Table.of("CREATE TABLE t (id INT) ENGINE=InnoDB WITH SYSTEM VERSIONING")).isNull();
    assertThat(LiteralRows.Table.of("CREATE TABLE t LIKE u")).as("no column list").isNull();
  }

  @Test
  void onlyInnoDbTablesAreCarriedForTheirRowsMustRollBack() {
    assertThat(LiteralRows.Table.of("CREATE TABLE t (id INT) ENGINE = 'innodb'")).isNotNull();
    assertThat(LiteralRows.Table.of("CREATE TABLE t (engine VARCHAR(9)) ENGINE=InnoDB")).isNotNull();
    assertThat(LiteralRows.Table.of("CREATE TABLE t (id INT)")).as("the default engine is not known").isNull();
    for (String engine : new String[] {"MyISAM", "Aria", "MEMORY", "InnoDB ENGINE=MyISAM",
        "MyISAM /* ENGINE=InnoDB */", "MyISAM -- ENGINE=InnoDB", "InnoDB /*!50100 ENGINE=MyISAM */"}) {
      assertThat(LiteralRows.Table.of("CREATE TABLE t (id INT) ENGINE=" + engine)).as(engine).isNull();
    }
    assertThat(LiteralRows.Table.of("CREATE TABLE t (id INT, c /* x */ ENUM('a')) ENGINE=InnoDB"))
        .as("a comment hides a type").isNull();
  }

  @Test
  void aBatchGoesWholeOrNotAtAll() {
    LiteralRows.Table two = table(2);
    assertThat(refused(two, "INSERT INTO t VALUES (1,'a')", "INSERT INTO t VALUES (2,0x00)")).isTrue();
    assertThat(refused(two, "INSERT INTO t VALUES (1,'a'),(2)")).as("rows of other lengths").isTrue();
    assertThat(refused(two, "INSERT INTO t VALUES (1,'a','b')")).as("more values than columns").isTrue();
    assertThat(refused(two, "INSERT INTO t (c1, c2) VALUES (1)")).as("fewer values than columns").isTrue();
    assertThat(refused(two, "INSERT INTO t VALUES (1,2)", "INSERT IGNORE INTO t VALUES (2,3)")).as("another verb")
        .isTrue();
    assertThat(refused(two, "INSERT INTO t (c1) VALUES (1)", "INSERT INTO t (c2) VALUES (2)")).as("other columns")
        .isTrue();
    assertThat(refused(two, "INSERT INTO t VALUES (1,'never closes)")).isTrue();
    assertThat(refused(two, "INSERT INTO t VALUES (1,2) ON DUPLICATE KEY UPDATE c1 = 1")).isTrue();
  }

  @Test
  void theLoadStatementNamesTableColumnsVerbAndCharacterSet() {
    DelimitedRows rows = new DelimitedRows(LiteralRows.Table.of("CREATE TABLE `we``ird` (a INT, B INT) "
        + "ENGINE=InnoDB"));
    assertThat(rows.add("INSERT IGNORE INTO `we``ird` (`a`, b) VALUES (1,2)")).isTrue();
    assertThat(rows.rows()).isEqualTo(1);
    assertThat(rows.loadStatement("demo", "we`ird", "utf8mb4")).isEqualTo("LOAD DATA LOCAL INFILE 'rows' IGNORE INTO "
        + "TABLE `demo`.`we``ird` CHARACTER SET `utf8mb4` FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES "
        + "TERMINATED BY '\\n' (`a`, `b`)");
    DelimitedRows replace = new DelimitedRows(table(1));
    assertThat(replace.add("REPLACE INTO t VALUES (1)")).isTrue();
    assertThat(replace.loadStatement("demo", "t", "utf8mb3"))
        .startsWith("LOAD DATA LOCAL INFILE 'rows' REPLACE INTO TABLE `demo`.`t` ").doesNotContain("(`");
  }

  @Test
  void aColumnListWithAColumnNamedValueGoesAsLines() {
    DelimitedRows rows = new DelimitedRows(LiteralRows.Table.of("CREATE TABLE app_settings (name VARCHAR(100), "
        + "value TEXT) ENGINE=InnoDB"));
    assertThat(rows.add("INSERT INTO app_settings (name, value) VALUES ('site.title', 'Demo'), ('days', '30')"))
        .isTrue();
    assertThat(StandardCharsets.UTF_8.decode(rows.encoded()).toString()).isEqualTo("site.title\tDemo\ndays\t30\n");
    assertThat(rows.loadStatement("demo", "app_settings", "utf8mb4")).endsWith("(`name`, `value`)");
  }
}
