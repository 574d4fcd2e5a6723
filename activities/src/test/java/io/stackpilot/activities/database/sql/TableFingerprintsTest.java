package io.stackpilot.activities.database.sql;

import io.stackpilot.workflows.activities.TableFingerprint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** Per-table fingerprints of a dump: what a drill compares a restored database with. */
class TableFingerprintsTest {

  private static final String HEAD = "/*!40101 SET NAMES utf8mb4 */;\n"
      + "CREATE TABLE `accounts` (`id` int NOT NULL, `name` varchar(80), PRIMARY KEY (`id`));\n"
      + "CREATE TABLE `empty` (`id` int NOT NULL, PRIMARY KEY (`id`));\n";

  private static Map<String, TableFingerprint> of(String dump) throws Exception {
    return TableFingerprints.of(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)), "demo");
  }

  @Test
  void fingerprintCountsRowsAndDoesNotDependOnTheirOrderOrStatements() throws Exception {
    Map<String, TableFingerprint> one = of(HEAD + "INSERT INTO `accounts` VALUES (1,'admin'),(2,'o\\'brien (x), \\\\'),(3,NULL);\n");
    Map<String, TableFingerprint> split = of(HEAD + "INSERT INTO `accounts` VALUES (3,NULL),(1,'admin');\n"
        + "INSERT INTO `accounts` VALUES (2,'o\\'brien (x), \\\\');\n");

    assertThat(one.get("accounts").rows()).isEqualTo(3);
    assertThat(one.get("empty")).isEqualTo(new TableFingerprint(0, "0000000000000000"));
    assertThat(split).isEqualTo(one);
  }

  @Test
  void fingerprintChangesWithAnyValue() throws Exception {
    Map<String, TableFingerprint> before = of(HEAD + "INSERT INTO `accounts` VALUES (1,'admin'),(2,'demo');\n");
    Map<String, TableFingerprint> after = of(HEAD + "INSERT INTO `accounts` VALUES (1,'admin'),(2,'dem0');\n");
    Map<String, TableFingerprint> swapped = of(HEAD + "INSERT INTO `accounts` VALUES (1,'demo'),(2,'admin');\n");

    assertThat(after.get("accounts").rows()).isEqualTo(2);
    assertThat(after.get("accounts").checksum()).isNotEqualTo(before.get("accounts").checksum());
    assertThat(swapped.get("accounts").checksum()).as("values moved between rows").isNotEqualTo(before.get("accounts").checksum());
  }

  @Test
  void rowsUnderAColumnListCountAsTheSameRowsWrittenAsMariadbDumpWritesThem() throws Exception {
    String create = "CREATE TABLE `app_settings` (`name` varchar(100) NOT NULL, `value` text, PRIMARY KEY (`name`));\n";
    Map<String, TableFingerprint> dumped = of(create
        + "INSERT INTO `app_settings` VALUES ('site.title','Demo'),('retention.days','30');\n");
    Map<String, TableFingerprint> seed = of(create + "INSERT INTO app_settings (name, value) VALUES\n"
        + "  ('site.title','Demo'),\n  ('retention.days','30');\n");
    Map<String, TableFingerprint> singular = of(create
        + "INSERT INTO app_settings (name, value) VALUE ('retention.days','30'), ('site.title','Demo');\n");

    assertThat(dumped.get("app_settings").rows()).isEqualTo(2);
    assertThat(seed).as("a bare column named value").isEqualTo(dumped);
    assertThat(singular).as("VALUE after a column list").isEqualTo(dumped);
  }
}
