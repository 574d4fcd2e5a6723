package io.stackpilot.activities.database.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows of a dump's INSERTs as a prepared insert's parameters: each value the text the server reads from its literal,
 * NULL as null, and the same refusals as the lines ({@link LiteralRows}). On a real server: {@code RestoreEngineIT}.
 */
class BoundRowsTest {

  private static final LiteralRows.Table THREE = LiteralRows.Table.of("CREATE TABLE t (a TEXT, b TEXT, c DECIMAL(9,2)) "
      + "ENGINE=InnoDB");

  private static List<List<String>> values(String... inserts) {
    BoundRows rows = new BoundRows(THREE);
    for (String insert : inserts) {
      assertThat(rows.add(insert)).as(insert).isTrue();
    }
    return rows.values().stream().map(Arrays::asList).toList();
  }

  @Test
  void eachValueIsTheTextTheServerReadsFromItsLiteral() {
    assertThat(values("INSERT INTO t VALUES ('tab\\tnew\\nline\\r','back\\\\slash \\\\N it''s \\'q\\'',-2.50)",
        "INSERT INTO t VALUES ('a\\0b\\Zc\\b','50\\% a\\_b \\x','0'),(\"d \"\" q\",'ü 😀',NULL)"))
        .containsExactly(
            List.of("tab\tnew\nline\r", "back\\slash \\N it's 'q'", "-2.50"),
            List.of("a\0b\u001ac\b", "50\\% a\\_b x", "0"),
            Arrays.asList("d \" q", "ü 😀", null));
  }

  @Test
  void rawControlCharactersInAStringStayAsTheyAre() {
    assertThat(values("INSERT INTO t VALUES ('raw\ttab\nnewline\r',NULL,1)"))
        .containsExactly(Arrays.asList("raw\ttab\nnewline\r", null, "1"));
  }

  @Test
  void whatLinesRefuseBoundRowsRefuse() {
    for (String insert : new String[] {"INSERT INTO t VALUES (1,'a',0x1F)", "INSERT INTO t VALUES ('a','b',007)",
        "INSERT INTO t VALUES ('a','b',DEFAULT)", "INSERT INTO t VALUES ('a','b')",
        "INSERT INTO t VALUES ('a',_binary 'b',1)", "INSERT INTO t VALUES ('a','b',1) ON DUPLICATE KEY UPDATE a = 1",
        "INSERT INTO t VALUES ('a','never closes,1)"}) {
      assertThat(new BoundRows(THREE).add(insert)).as(insert).isFalse();
    }
  }

  @Test
  void theInsertNamesTableColumnsAndVerbWithOnePlaceholderAValue() {
    BoundRows ignore = new BoundRows(LiteralRows.Table.of("CREATE TABLE `we``ird` (a INT, B INT, c INT) "
        + "ENGINE=InnoDB"));
    assertThat(ignore.add("INSERT IGNORE INTO `we``ird` (`a`, b) VALUES (1,2),(3,4)")).isTrue();
    assertThat(ignore.rows()).isEqualTo(2);
    assertThat(ignore.insertStatement("demo", "we`ird"))
        .isEqualTo("INSERT IGNORE INTO `demo`.`we``ird` (`a`, `b`) VALUES (?, ?)");
    BoundRows replace = new BoundRows(THREE);
    assertThat(replace.add("REPLACE INTO t VALUES ('a','b',1)")).isTrue();
    assertThat(replace.insertStatement("demo", "t")).isEqualTo("REPLACE INTO `demo`.`t` VALUES (?, ?, ?)");
    BoundRows plain = new BoundRows(THREE);
    assertThat(plain.add("INSERT INTO t VALUES ('a','b',1)")).isTrue();
    assertThat(plain.insertStatement("demo", "t")).isEqualTo("INSERT INTO `demo`.`t` VALUES (?, ?, ?)");
  }
}
