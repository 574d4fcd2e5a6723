package io.stackpilot.activities.database;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the rows go in mariadb-dump's {@code --no-data} text so that it becomes the text of a whole dump: each table's
 * data section right after its {@code CREATE TABLE} (before its triggers), and with a binary log position, the two
 * comments {@code --master-data=2} adds after the header and before the footer. The text between is mariadb-dump's,
 * untouched.
 */
final class SchemaSplice {

  private static final String SAVED_CLIENT = "/*!40101 SET character_set_client = @saved_cs_client */;\n";
  private static final String HEADER_END = "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n";
  private static final String FOOTER_START = "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n";
  private static final Pattern TABLE_COMMENT = Pattern.compile("\n-- Table structure for table `([^`\n]*)`\n");

  private final String schema;
  private final List<String> tables;
  private final List<Integer> dataAt;

  private SchemaSplice(String schema, List<String> tables, List<Integer> dataAt) {
    this.schema = schema;
    this.tables = tables;
    this.dataAt = dataAt;
  }

  /** The splice of {@code schema}, whose tables must be exactly {@code expected}; null when the text does not fit. */
  static SchemaSplice of(String schema, Set<String> expected) {
    if (!schema.contains(HEADER_END) || !schema.contains(FOOTER_START)) {
      return null;
    }
    List<String> tables = new ArrayList<>();
    List<Integer> dataAt = new ArrayList<>();
    Matcher comment = TABLE_COMMENT.matcher(schema);
    while (comment.find()) {
      int end = schema.indexOf(SAVED_CLIENT, comment.end());
      if (end < 0) {
        return null;
      }
      tables.add(comment.group(1));
      dataAt.add(end + SAVED_CLIENT.length());
    }
    if (tables.size() != expected.size() || !new HashSet<>(tables).equals(expected)) {
      return null;
    }
    return new SchemaSplice(schema, List.copyOf(tables), List.copyOf(dataAt));
  }

  /** The tables in the order mariadb-dump writes them. */
  List<String> tables() {
    return tables;
  }

  /**
   * The text around the rows: element 0 before the first table's rows, element i after the rows of table i-1 and
   * before those of table i, the last after the last table's rows. {@code position}: null, or where the snapshot stands
   * in the binary log and its GTID position.
   */
  List<String> around(DumpPosition.Found position, String gtid) {
    List<String> texts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int at = 0;
    if (position != null) {
      at = schema.indexOf(HEADER_END) + HEADER_END.length();
      text.append(schema, 0, at).append("\n--\n-- Alternately, following is the position of the binary logging from "
          + "SHOW MASTER STATUS at point of backup.\n-- Use this when creating a replica of the primary server where "
          + "the backup was made.\n-- The new server will be connecting to the primary server where the backup was "
          + "taken.\n--\n\n-- CHANGE MASTER TO MASTER_LOG_FILE='").append(position.file())
          .append("', MASTER_LOG_POS=").append(position.position()).append(";\n\n-- A corresponding to "
          + "the above master-data CHANGE-MASTER settings to the slave gtid state is printed as comments later in the "
          + "file.\n");
    }
    for (int i = 0; i < tables.size(); i++) {
      String table = DumpTable.quoted(tables.get(i));
      text.append(schema, at, dataAt.get(i)).append("\n--\n-- Dumping data for table ").append(table)
          .append("\n--\n\nLOCK TABLES ").append(table).append(" WRITE;\n/*!40000 ALTER TABLE ").append(table)
          .append(" DISABLE KEYS */;\n");
      texts.add(text.toString());
      text.setLength(0);
      text.append("/*!40000 ALTER TABLE ").append(table).append(" ENABLE KEYS */;\nUNLOCK TABLES;\n");
      at = dataAt.get(i);
    }
    if (position != null) {
      int footer = schema.lastIndexOf(FOOTER_START);
      text.append(schema, at, footer).append("\n-- The deferred gtid setting for slave corresponding to the "
          + "master-data CHANGE-MASTER follows\n\n-- Preferably use GTID to start replication from GTID position:"
          + "\n\n-- SET GLOBAL gtid_slave_pos='").append(gtid).append("';\n");
      at = footer;
    }
    texts.add(text.append(schema, at, schema.length()).toString());
    return texts;
  }
}
