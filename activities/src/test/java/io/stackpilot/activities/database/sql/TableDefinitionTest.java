package io.stackpilot.activities.database.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableDefinitionTest {

  private static final String CALLS = """
      CREATE TABLE `calls` (
        `id` bigint(20) NOT NULL AUTO_INCREMENT,
        `caller` varchar(20) NOT NULL,
        `note` varchar(20) DEFAULT 'KEY (x), y',
        `account_id` int(11) DEFAULT NULL,
        PRIMARY KEY (`id`),
        UNIQUE KEY `by_note` (`note`),
        KEY `by_caller` (`caller`(10)),
        INDEX `by_account` (`account_id`),
        FULLTEXT KEY `ft` (`note`),
        CONSTRAINT `call_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE,
        CONSTRAINT `positive` CHECK (`id` > 0)
      ) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4""";

  @Test
  void secondaryIndexesAndForeignKeysAreAddedAfterTheRows() {
    TableDefinition split = TableDefinition.split(CALLS, "calls");

    assertThat(split.create()).isEqualTo("""
        CREATE TABLE `calls` (
          `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `caller` varchar(20) NOT NULL,
          `note` varchar(20) DEFAULT 'KEY (x), y',
          `account_id` int(11) DEFAULT NULL,
          PRIMARY KEY (`id`),
          FULLTEXT KEY `ft` (`note`),
          CONSTRAINT `positive` CHECK (`id` > 0)
        ) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4""");
    assertThat(split.addIndexes())
        .isEqualTo("ALTER TABLE `calls` ADD UNIQUE KEY `by_note` (`note`), ADD KEY `by_caller` (`caller`(10)), "
            + "ADD INDEX `by_account` (`account_id`)");
    assertThat(split.addForeignKeys()).isEqualTo("ALTER TABLE `calls` ADD CONSTRAINT `call_account` FOREIGN KEY "
        + "(`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE");
  }

  @Test
  void aTableLoadedInOneBatchKeepsItsPlainKeysAndGetsItsUniqueKeysAndForeignKeysAfter() {
    TableDefinition split = TableDefinition.split(CALLS, "calls", true);

    assertThat(split.create()).isEqualTo("""
        CREATE TABLE `calls` (
          `id` bigint(20) NOT NULL AUTO_INCREMENT,
          `caller` varchar(20) NOT NULL,
          `note` varchar(20) DEFAULT 'KEY (x), y',
          `account_id` int(11) DEFAULT NULL,
          PRIMARY KEY (`id`),
          KEY `by_caller` (`caller`(10)),
          INDEX `by_account` (`account_id`),
          FULLTEXT KEY `ft` (`note`),
          CONSTRAINT `positive` CHECK (`id` > 0)
        ) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4""");
    assertThat(split.addIndexes()).as("a duplicate fails the ALTER, whatever the session's unique checks")
        .isEqualTo("ALTER TABLE `calls` ADD UNIQUE KEY `by_note` (`note`)");
    assertThat(split.addForeignKeys()).isEqualTo(TableDefinition.split(CALLS, "calls").addForeignKeys());
    assertThat(TableDefinition.split("CREATE TABLE `p` (`id` int, `v` int, PRIMARY KEY (`id`), KEY `by_v` (`v`))", "p",
        true)).as("nothing left to add").isEqualTo(new TableDefinition(
            "CREATE TABLE `p` (`id` int, `v` int, PRIMARY KEY (`id`), KEY `by_v` (`v`))", null, null));
  }

  @Test
  void keysTheTableNeedsStayInIt() {
    TableDefinition keyless = TableDefinition.split("CREATE TABLE `s` (`n` varchar(5) NOT NULL, `v` int, "
        + "UNIQUE KEY `by_n` (`n`), KEY `by_v` (`v`))", "s");
    TableDefinition autoIncrement = TableDefinition.split("CREATE TABLE `a` (`id` int NOT NULL AUTO_INCREMENT, "
        + "`k` int NOT NULL, PRIMARY KEY (`k`), KEY `by_id` (`id`), KEY `by_k` (`k`))", "a");

    assertThat(keyless.create()).as("a unique key clusters a table without a primary key").contains("UNIQUE KEY `by_n`");
    assertThat(keyless.addIndexes()).isEqualTo("ALTER TABLE `s` ADD KEY `by_v` (`v`)");
    assertThat(autoIncrement.create()).contains("KEY `by_id` (`id`)");
    assertThat(autoIncrement.addIndexes()).isEqualTo("ALTER TABLE `a` ADD KEY `by_k` (`k`)");
  }

  @Test
  void tablesWithoutAColumnListAreLeftAsWritten() {
    String like = "CREATE TABLE `copy` LIKE `calls`";
    String plain = "CREATE TABLE `p` (`id` int PRIMARY KEY)";

    assertThat(TableDefinition.split(like, "copy")).isEqualTo(new TableDefinition(like, null, null));
    assertThat(TableDefinition.split(plain, "p")).isEqualTo(new TableDefinition(plain, null, null));
  }
}
