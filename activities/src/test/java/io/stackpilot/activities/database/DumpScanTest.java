package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the scan tells the engine's plan besides its verdict: how many characters of rows each table has. */
class DumpScanTest {

  private static DumpScan.Verdict scan(String sql) throws IOException {
    return DumpScan.scan(new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8)), "demo",
        DumpScan.beforeTheServerAnswers());
  }

  @Test
  void rowsAreSizedPerTableTheDumpCreates() throws IOException {
    String first = "INSERT INTO `calls` VALUES (1,'a'),(2,'b')";
    String second = "INSERT INTO calls VALUES (3,'c')";

    DumpScan.Verdict verdict = scan("CREATE TABLE `calls` (id INT PRIMARY KEY, v TEXT);\n" + first + ";\n"
        + "CREATE TABLE `empty` (id INT PRIMARY KEY);\n" + second + ";\n"
        + "INSERT INTO `elsewhere` VALUES (1);\n");

    assertThat(verdict.declines()).isNull();
    assertThat(verdict.rowChars()).as("a table the dump does not create is not sized: the engine takes it as large")
        .isEqualTo(Map.of("calls", (long) (first.length() + second.length()), "empty", 0L));
  }

  @Test
  void aDumpOfMoreTablesThanAreSizedCostsTheScanNoMoreThanTheirLimit() throws IOException {
    StringBuilder sql = new StringBuilder();
    for (int table = 0; table <= DumpScan.TABLES_SIZED; table++) {
      sql.append("CREATE TABLE t").append(table).append(" (id INT PRIMARY KEY);\n");
    }
    sql.append("INSERT INTO t").append(DumpScan.TABLES_SIZED).append(" VALUES (1);\n");

    DumpScan.Verdict verdict = scan(sql.toString());

    assertThat(verdict.statements()).isEqualTo(DumpScan.TABLES_SIZED + 2L);
    assertThat(verdict.rowChars()).hasSize(DumpScan.TABLES_SIZED).containsEntry("t0", 0L)
        .doesNotContainKey("t" + DumpScan.TABLES_SIZED);
  }
}
