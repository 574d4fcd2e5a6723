package io.stackpilot.activities.database.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpLexerTest {

  private static final int MARIADB_10_11 = 101106;

  private static List<SqlStatement> lex(String dump) throws IOException {
    DumpLexer lexer = new DumpLexer(new StringReader(dump), MARIADB_10_11);
    List<SqlStatement> statements = new ArrayList<>();
    for (SqlStatement s = lexer.next(); s != null; s = lexer.next()) {
      statements.add(s);
    }
    return statements;
  }

  private static List<String> texts(String dump) throws IOException {
    return lex(dump).stream().map(SqlStatement::text).toList();
  }

  @Test
  void delimitersInsideQuotesAndCommentsDoNotEndAStatement() throws IOException {
    assertThat(texts("""
        INSERT INTO t VALUES ('a;b', "c;d", 'it''s; \\'quoted\\'; \\\\');
        SELECT `semi;colon`, `back``tick;` FROM t; -- trailing; comment
        # a hash comment; with a semicolon
        /* a block; comment */ SELECT 1;
        """)).containsExactly(
        "INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s; \\'quoted\\'; \\\\')",
        "SELECT `semi;colon`, `back``tick;` FROM t",
        "SELECT 1");
  }

  /**
   * The lexer keeps one buffer across statements: after a statement of megabytes (the buffer then dropped) and after
   * ordinary ones (the buffer kept), each statement holds its own text and nothing of the one before.
   */
  @Test
  void eachStatementHoldsOnlyItsOwnTextAfterLongerOnes() throws IOException {
    String huge = "INSERT INTO t VALUES ('" + "x".repeat(5 << 20) + "')";
    String long1 = "INSERT INTO t VALUES ('" + "y".repeat(100_000) + "')";
    assertThat(texts(huge + ";\nSELECT 1;\n" + long1 + ";\nSELECT 2;\n-- the end\n"))
        .containsExactly(huge, "SELECT 1", long1, "SELECT 2");
  }

  @Test
  void conditionalCommentsRunUpToTheServersVersion() throws IOException {
    assertThat(texts("""
        /*!40101 SET NAMES utf8mb4 */;
        /*M!100100 SET a = 1 */;
        /*M!999999\\- enable the sandbox mode */
        /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET @a = 1 */;
        """)).containsExactly(
        "SET NAMES utf8mb4",
        "SET a = 1",
        "CREATE    DEFINER=`root`@`localhost`    TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET @a = 1");
  }

  /**
   * A reader may hand over a few characters at a time (a network stream, a stream read ahead on another thread); the
   * window then refills, and moves its characters, in the middle of a conditional comment the lexer looks into and
   * comes back from. It must come back to the comment, not to the index the comment had before the move.
   */
  @Test
  void aReaderThatHandsOverFewCharactersAtATimeGivesTheSameStatements() throws IOException {
    StringBuilder dump = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      dump.append("/*!40101 SET @saved_cs_client = @@character_set_client */;\n")
          .append("INSERT INTO `t").append(i).append("` VALUES (").append(i).append(",'row ").append(i).append("');\n");
    }
    for (int most : new int[] {1, 7, 4093}) {
      DumpLexer lexer = new DumpLexer(new java.io.Reader() {
        private final StringReader text = new StringReader(dump.toString());

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
          return text.read(buffer, offset, Math.min(length, most));
        }

        @Override
        public void close() {
          text.close();
        }
      }, MARIADB_10_11);
      List<String> statements = new ArrayList<>();
      for (SqlStatement s = lexer.next(); s != null; s = lexer.next()) {
        statements.add(s.text());
      }
      assertThat(statements).as("read %d characters at a time", most).isEqualTo(texts(dump.toString()));
    }
  }

  @Test
  void delimiterLinesSplitRoutineBodiesWhole() throws IOException {
    List<String> statements = texts("""
        DELIMITER ;;
        CREATE PROCEDURE p()
        BEGIN
          SELECT 1; SELECT 'x;;y';
        END ;;
        DELIMITER ;
        SELECT 2;
        """);

    assertThat(statements).containsExactly("CREATE PROCEDURE p()\nBEGIN\n  SELECT 1; SELECT 'x;;y';\nEND", "SELECT 2");
  }

  @Test
  void statementsKnowTheLineTheyStartOn() throws IOException {
    List<SqlStatement> statements = lex("-- header\n\nSELECT 'multi\nline';\n\n  SELECT\n2;\nSELECT 3");

    assertThat(statements).extracting(SqlStatement::line).containsExactly(3L, 6L, 8L);
    assertThat(statements.get(2).text()).as("the last statement needs no delimiter").isEqualTo("SELECT 3");
  }

  @Test
  void backslashOutsideStringsIsAClientCommand() throws IOException {
    List<SqlStatement> statements = lex("SELECT 'a\\\\b';\n\\! rm -rf /\n;\nSELECT 1 \\G\n");

    assertThat(statements).extracting(SqlStatement::clientCommand).containsExactly(false, true, true);
  }

  @Test
  void multiByteAndLongStatementsPassUnchanged() throws IOException {
    String unicode = "INSERT INTO t VALUES ('日本語 🎉 Grüße', '" + "🦄".repeat(100_000) + "')";

    assertThat(texts(unicode + ";\n" + unicode)).containsExactly(unicode, unicode);
  }

  @Test
  void doubleDashWithoutASpaceIsNotAComment() throws IOException {
    assertThat(texts("SELECT 1--1;\nSELECT 2 -- comment\n;")).containsExactly("SELECT 1--1", "SELECT 2");
  }
}
