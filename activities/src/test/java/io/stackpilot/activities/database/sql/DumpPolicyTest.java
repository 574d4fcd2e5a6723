package io.stackpilot.activities.database.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.activities.database.sql.DumpPolicy.Kind;
import org.junit.jupiter.api.Test;

class DumpPolicyTest {

  private final DumpPolicy policy = new DumpPolicy("demo");

  private DumpPolicy.Classified classify(String sql) {
    return policy.classify(new SqlStatement(sql, 7, false));
  }

  @Test
  void whatAMariadbDumpHoldsIsAllowedAndSorted() {
    assertThat(classify("SET NAMES utf8mb4").kind()).isEqualTo(Kind.SESSION);
    assertThat(classify("SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0").kind()).isEqualTo(Kind.SESSION);
    assertThat(classify("DROP TABLE IF EXISTS `calls`")).isEqualTo(new DumpPolicy.Classified(Kind.TABLE, "calls", null));
    assertThat(classify("CREATE TABLE `calls` (id INT)")).isEqualTo(new DumpPolicy.Classified(Kind.CREATE_TABLE, "calls", null));
    assertThat(classify("LOCK TABLES `calls` WRITE").kind()).isEqualTo(Kind.SKIP);
    assertThat(classify("ALTER TABLE `calls` DISABLE KEYS").kind()).isEqualTo(Kind.SKIP);
    assertThat(classify("INSERT INTO `calls` VALUES (1)")).isEqualTo(new DumpPolicy.Classified(Kind.ROWS, "calls", null));
    assertThat(classify("INSERT IGNORE INTO demo.`calls` (`id`) VALUES (1)").table()).isEqualTo("calls");
    assertThat(classify("INSERT INTO calls SELECT * FROM old_calls").kind()).isEqualTo(Kind.BARRIER);
    assertThat(classify("ALTER TABLE calls ADD KEY k (id)")).isEqualTo(new DumpPolicy.Classified(Kind.TABLE, "calls", null));
    assertThat(classify("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1")
        .kind()).isEqualTo(Kind.OBJECT);
    assertThat(classify("CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN END").kind()).isEqualTo(Kind.OBJECT);
    assertThat(classify("CREATE DEFINER=`root`@`%` EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1").kind()).isEqualTo(Kind.OBJECT);
    assertThat(classify("DROP TRIGGER IF EXISTS t").kind()).isEqualTo(Kind.OBJECT);
    assertThat(classify("ALTER DATABASE `demo` CHARACTER SET latin1").kind()).isEqualTo(Kind.OBJECT);
    assertThat(classify("USE `demo`").kind()).isEqualTo(Kind.SKIP);
    assertThat(classify("CREATE DATABASE IF NOT EXISTS `demo`").kind()).isEqualTo(Kind.SKIP);
  }

  @Test
  void rowsInAnotherCharacterSetAreDeclinedNotRefused() {
    assertThat(classify("SET NAMES latin1").declines()).contains("character set latin1");
    assertThat(classify("SET character_set_client = utf8").declines()).isNull();
    classify("SET @saved_cs_client = @@character_set_client");
    assertThat(classify("SET character_set_client = @saved_cs_client").declines()).isNull();
  }

  @Test
  void everythingElseIsRefusedNamingItsLine() {
    for (String sql : new String[] {"GRANT ALL ON *.* TO x", "REVOKE ALL ON *.* FROM x", "CREATE USER x",
        "DROP USER x", "DROP DATABASE demo", "CREATE DATABASE other", "USE mysql", "SET GLOBAL x = 1",
        "SET @@global.x = 1", "SET SESSION a = 1, GLOBAL b = 2", "SET PASSWORD FOR root = PASSWORD('x')",
        "LOAD DATA LOCAL INFILE '/x' INTO TABLE t", "SELECT 1 INTO OUTFILE '/tmp/x'", "SELECT * FROM t",
        "CREATE TABLE other.t (id INT)", "INSERT INTO mysql.user VALUES (1)", "DROP TABLE IF EXISTS mysql.user",
        "CREATE TEMPORARY TABLE t (id INT)", "CREATE FUNCTION f RETURNS STRING SONAME 'evil.so'",
        "INSTALL PLUGIN x SONAME 'x.so'", "SHUTDOWN", "FLUSH PRIVILEGES", "KILL 1", "CALL p()",
        "CREATE TABLE t AS SELECT LOAD_FILE('/etc/shadow')", "ALTER USER root IDENTIFIED BY 'x'",
        "CREATE VIEW mysql.v AS SELECT 1", "SET STATEMENT max_statement_time=1 FOR SELECT 1"}) {
      assertThatThrownBy(() -> classify(sql)).as(sql).isInstanceOf(ForbiddenStatementException.class)
          .hasMessageStartingWith("the statement at line 7 of the dump (");
    }
  }

  @Test
  void refusalSaysWhatIsAllowed() {
    assertThatThrownBy(() -> classify("GRANT ALL ON *.* TO 'app'@'%'")).hasMessage("the statement at line 7 of the dump "
        + "(GRANT ALL ON *.* TO 'app'@'%') is GRANT ALL ON, which a dump may not hold: only tables, rows, indexes, views, "
        + "triggers, routines, events and session settings of the application database are restored");
    assertThatThrownBy(() -> classify("USE mysql")).hasMessageEndingWith("names the schema 'mysql'; a dump may only hold "
        + "the application database 'demo'");
    assertThatThrownBy(() -> policy.classify(new SqlStatement("\\! sh", 2, true)))
        .hasMessageContaining("a command of the mariadb client");
  }

  @Test
  void storedObjectsWhoseBodiesReachBeyondTheDatabaseAreRefused() {
    for (String sql : new String[] {
        "CREATE DEFINER=`root`@`localhost` EVENT e ON SCHEDULE EVERY 1 MINUTE DO GRANT ALL ON *.* TO 'x'@'%'",
        "CREATE EVENT e ON SCHEDULE EVERY 1 MINUTE DO DROP DATABASE mysql",
        "CREATE EVENT e ON SCHEDULE EVERY 1 MINUTE DO INSERT INTO mysql.user VALUES (1)",
        "CREATE TRIGGER t AFTER INSERT ON notes FOR EACH ROW UPDATE other.accounts SET x = 1",
        "CREATE TRIGGER t AFTER INSERT ON notes FOR EACH ROW INSERT INTO `billing`.`invoices` VALUES (NEW.id)",
        "CREATE PROCEDURE p() BEGIN SET @s = 'DROP DATABASE demo'; PREPARE x FROM @s; EXECUTE x; END",
        "CREATE PROCEDURE p() BEGIN SELECT * FROM t INTO OUTFILE '/tmp/x'; END",
        "CREATE PROCEDURE p() BEGIN SET GLOBAL event_scheduler = ON; END",
        "CREATE PROCEDURE p() BEGIN CREATE USER evil IDENTIFIED BY 'x'; END",
        "CREATE FUNCTION f() RETURNS INT BEGIN RETURN (SELECT COUNT(*) FROM mysql.user); END",
        "CREATE VIEW v AS SELECT user, password FROM mysql.user",
        "CREATE VIEW v AS SELECT a.b.c FROM t a"}) {
      assertThatThrownBy(() -> classify(sql)).as(sql).isInstanceOf(ForbiddenStatementException.class)
          .hasMessageStartingWith("the statement at line 7 of the dump (");
    }
    assertThat(classify("CREATE TRIGGER t AFTER INSERT ON notes FOR EACH ROW BEGIN INSERT INTO audit (what) "
        + "VALUES (CONCAT('note; ', NEW.id)); UPDATE demo.accounts a SET a.n = a.n + 1 WHERE a.id = NEW.account_id; END")
        .kind()).isEqualTo(Kind.OBJECT);
    assertThat(classify("CREATE VIEW v AS SELECT a.name, COUNT(c.id) FROM accounts a LEFT JOIN calls c ON c.account_id = a.id "
        + "GROUP BY a.name").kind()).isEqualTo(Kind.OBJECT);
  }

  @Test
  void everySchemaQualifiedNameIsCheckedWhateverTheStatement() {
    for (String sql : new String[] {"UPDATE mysql.global_priv SET priv = '{}'", "UPDATE t, mysql.global_priv g SET g.priv = 1",
        "DELETE FROM mysql.db", "REPLACE INTO mysql.global_priv VALUES (1)", "RENAME TABLE mysql.user TO demo.u",
        "INSERT INTO t SELECT * FROM mysql.user", "CREATE TABLE s AS SELECT * FROM mysql.user",
        "UPDATE t SET v = (SELECT priv FROM mysql.global_priv)", "CREATE VIEW v AS SELECT a.b.c FROM t",
        "ALTER VIEW v AS SELECT * FROM mysql.user",
        "ALTER EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM mysql.user",
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO CREATE OR REPLACE USER x", "SET @a = 1, GLOBAL general_log = 1",
        "SET @a = LOAD_FILE('/etc/passwd')", "INSERT INTO t VALUES (LOAD_FILE('/etc/passwd'))",
        "SELECT SETVAL(s, 1) INTO OUTFILE '/tmp/x'", "BEGIN NOT ATOMIC SELECT 1; END", "SET CHARSET gbk",
        "SET @@character_set_client = sjis", "SET character_set_client := 'big5'", "SET sql_mode = 'ORACLE'",
        "SET sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')", "CREATE TABLE t (id INT) DATA DIRECTORY = '/tmp'",
        "SET sql_log_bin = 0", "CREATE PROCEDURE p() EXECUTE IMMEDIATE 'x'"}) {
      assertThatThrownBy(() -> classify(sql)).as(sql).isInstanceOf(ForbiddenStatementException.class);
    }
  }

  @Test
  void theSessionsQuotingRulesAreTheServers() {
    classify("SET sql_mode = 'NO_BACKSLASH_ESCAPES'");
    assertThatThrownBy(() -> classify("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.v = 'x\\'; "
        + "GRANT ALL ON *.* TO e; SET @y = ''; END")).hasMessageContaining("runs GRANT");
    classify("SET sql_mode = 'ANSI_QUOTES'");
    assertThatThrownBy(() -> classify("CREATE VIEW v AS SELECT * FROM \"mysql\".\"user\""))
        .hasMessageContaining("names the schema 'mysql'");
    classify("SET sql_mode = DEFAULT");
    assertThat(classify("CREATE VIEW v AS SELECT 'mysql.user' FROM t").kind()).isEqualTo(Kind.OBJECT);
  }

  @Test
  void objectsGetTheRestoringAccountAsTheirDefiner() {
    assertThat(classify("CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON n FOR EACH ROW SET @a = 1")
        .sql()).isEqualTo("CREATE DEFINER=CURRENT_USER TRIGGER t BEFORE INSERT ON n FOR EACH ROW SET @a = 1");
    assertThat(classify("CREATE ALGORITHM=UNDEFINED DEFINER='admin'@'%' SQL SECURITY DEFINER VIEW v AS SELECT 1").sql())
        .isEqualTo("CREATE ALGORITHM=UNDEFINED DEFINER=CURRENT_USER SQL SECURITY DEFINER VIEW v AS SELECT 1");
    assertThat(classify("CREATE DEFINER=root@localhost PROCEDURE p() SELECT 1").sql())
        .isEqualTo("CREATE DEFINER=CURRENT_USER PROCEDURE p() SELECT 1");
    assertThat(classify("CREATE PROCEDURE p() SELECT 1").sql()).isNull();
    assertThat(classify("CREATE SQL SECURITY DEFINER VIEW v AS SELECT 1").sql()).isNull();
  }

  @Test
  void rowsOfLiteralsAreRowsAndAnythingElseIsCheckedWhole() {
    assertThat(classify("INSERT INTO `t` VALUES (1,'a;b',NULL,-1.5e-3,0x0A,_binary 'x',X'00',TRUE),(2,'',DEFAULT,"
        + "b'1',N'n',1e10)").kind()).isEqualTo(Kind.ROWS);
    assertThat(classify("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE v = 2").kind()).isEqualTo(Kind.BARRIER);
    assertThat(classify("INSERT INTO t VALUES (NOW())").kind()).isEqualTo(Kind.BARRIER);
    String wide = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "`c" + i + "`")
        .collect(java.util.stream.Collectors.joining(", "));
    assertThat(classify("INSERT INTO `t` (" + wide + ") VALUES (1)").kind()).as("a column list of 300 columns")
        .isEqualTo(Kind.ROWS);
  }

  @Test
  void aColumnNamedValueIsAColumnNotWhereTheRowsStart() {
    assertThat(classify("INSERT INTO app_settings (name, value) VALUES ('site.title', 'Demo'), ('x', NOW())").kind())
        .as("the rows are still read for a non-literal").isEqualTo(Kind.BARRIER);
    assertThat(classify("INSERT INTO app_settings (name, value) VALUES ('site.title', 'Demo'), ('days', '30')"))
        .isEqualTo(new DumpPolicy.Classified(Kind.ROWS, "app_settings", null));
    assertThat(classify("INSERT INTO t (id, value, values_seen) VALUE (1, 'a', 2)"))
        .isEqualTo(new DumpPolicy.Classified(Kind.ROWS, "t", null));
  }
}
