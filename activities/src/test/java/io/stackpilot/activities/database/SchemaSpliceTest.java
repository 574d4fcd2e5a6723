package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rows go where mariadb-dump writes them, or nowhere when its schema text does not list the tables expected. */
class SchemaSpliceTest {

  private static final String HEADER = "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n";
  private static final String FOOTER = "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n";

  private static String table(String name) {
    return "\n--\n-- Table structure for table `" + name + "`\n--\n\nDROP TABLE IF EXISTS `" + name + "`;\n"
        + "CREATE TABLE `" + name + "` (`a` int);\n/*!40101 SET character_set_client = @saved_cs_client */;\n";
  }

  @Test
  void eachTablesRowsGoAfterItsCreateAndBeforeWhatFollowsIt() {
    String trigger = "DELIMITER ;;\n/*!50003 CREATE*/ /*!50003 TRIGGER t AFTER INSERT ON a FOR EACH ROW SET @x = 1 */;;\n"
        + "DELIMITER ;\n";
    String schema = HEADER + table("a") + trigger + table("b") + FOOTER;

    SchemaSplice splice = SchemaSplice.of(schema, Set.of("a", "b"));
    List<String> around = splice.around(null, null);

    assertThat(splice.tables()).containsExactly("a", "b");
    assertThat(around).hasSize(3);
    assertThat(around.get(0)).startsWith(HEADER).endsWith("/*!40101 SET character_set_client = @saved_cs_client */;\n"
        + "\n--\n-- Dumping data for table `a`\n--\n\nLOCK TABLES `a` WRITE;\n/*!40000 ALTER TABLE `a` DISABLE KEYS */;\n");
    assertThat(around.get(1)).startsWith("/*!40000 ALTER TABLE `a` ENABLE KEYS */;\nUNLOCK TABLES;\n" + trigger)
        .endsWith("LOCK TABLES `b` WRITE;\n/*!40000 ALTER TABLE `b` DISABLE KEYS */;\n");
    assertThat(around.get(2)).isEqualTo("/*!40000 ALTER TABLE `b` ENABLE KEYS */;\nUNLOCK TABLES;\n" + FOOTER);
  }

  @Test
  void theBinaryLogPositionGoesWhereMasterDataPutsIt() {
    List<String> around = SchemaSplice.of(HEADER + table("a") + FOOTER, Set.of("a"))
        .around(new DumpPosition.Found("binlog.000007", 4242), "0-1-99");

    assertThat(around.get(0)).contains(HEADER + "\n--\n-- Alternately, following is the position")
        .contains("\n-- CHANGE MASTER TO MASTER_LOG_FILE='binlog.000007', MASTER_LOG_POS=4242;\n");
    assertThat(around.get(1)).endsWith("UNLOCK TABLES;\n\n-- The deferred gtid setting for slave corresponding to the "
        + "master-data CHANGE-MASTER follows\n\n-- Preferably use GTID to start replication from GTID position:\n\n"
        + "-- SET GLOBAL gtid_slave_pos='0-1-99';\n" + FOOTER);
  }

  @Test
  void aSchemaThatDoesNotListTheTablesExpectedIsNotSpliced() {
    assertThat(SchemaSplice.of(HEADER + table("a") + FOOTER, Set.of("a", "created_since"))).isNull();
    assertThat(SchemaSplice.of(HEADER + table("a") + table("dropped_since") + FOOTER, Set.of("a"))).isNull();
    assertThat(SchemaSplice.of(HEADER + "\n--\n-- Table structure for table `a`\n--\nCREATE TABLE `a` (`x` int);\n"
        + FOOTER, Set.of("a"))).as("no end of the table's structure").isNull();
  }
}
