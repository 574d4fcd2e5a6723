package io.stackpilot.activities.database.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random dumps made of the characters and words that matter to the lexer, the session and the policy: reading any of
 * them ends in statements or a refusal naming its line — never another exception — and a statement never outgrows
 * the limit it is given. Seeded, so a failure names the input that broke it.
 */
class DumpReaderFuzzTest {

  private static final String[] PIECES = {"'", "\"", "`", "\\", ";", ";;", "$$", "/*", "*/", "/*!40101 ", "/*M!999999",
      "/*!999999 ", "-- ", "--", "#", "\n", " ", "\t", "DELIMITER ", "\nDELIMITER ;;\n", "\nDELIMITER ;\n", "SET ",
      "sql_mode", "=", ":=", ",", "'ANSI_QUOTES'", "'NO_BACKSLASH_ESCAPES'", "''", "NAMES ", "latin1", "gbk", "@a",
      "@@character_set_client", "@@GLOBAL.x", "GLOBAL ", "CREATE ", "TABLE ", "TRIGGER ", "VIEW ", "PROCEDURE ",
      "EVENT ", "DEFINER", "=`root`@`%` ", "CURRENT_USER", "(", ")", "INSERT INTO ", "t", "VALUES ", "(1,'x')",
      "UPDATE ", "mysql", ".", "user", "demo", "SELECT ", "FROM ", "BEGIN ", "NOT ATOMIC ", "END", "GRANT ", "ALTER ",
      "DROP ", "USE ", "LOAD_FILE", "é", "\u00ff", "\uFFFF", "0x1F", "_binary ", "X'00'", "DATA DIRECTORY "};

  @Test
  void anyDumpEndsInStatementsOrARefusalNamingItsLine() {
    SplittableRandom random = new SplittableRandom(20261203L);
    int refused = 0;
    for (int n = 0; n < 20_000; n++) {
      String dump = randomDump(random);
      try {
        for (SqlStatement s : read(dump, 512)) {
          assertThat(s.text().length()).as(dump).isLessThanOrEqualTo(512 + 64);
        }
      } catch (ForbiddenStatementException e) {
        refused++;
        assertThat(e.getMessage()).as(dump).containsPattern("line \\d+|sql_mode");
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("reading " + quoted(dump) + " threw " + e, e);
      }
    }
    assertThat(refused).as("the generator reaches refusals").isGreaterThan(1_000).isLessThan(20_000);
  }

  @Test
  void aStatementOverItsLimitIsRefusedWhateverHoldsIt() {
    for (String opener : new String[] {"INSERT INTO t VALUES ('", "INSERT INTO t VALUES (\"", "CREATE TABLE `",
        "SELECT /*!40101 ", "INSERT INTO t VALUES (1", "SET @a = '\\"}) {
      String dump = opener + "x".repeat(10_000);
      try {
        read(dump, 1_000);
        throw new AssertionError("not refused: " + opener);
      } catch (ForbiddenStatementException e) {
        assertThat(e.getMessage()).contains("longer than 1000 characters");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Conditional comments of the versions mariadb-dump and MySQL write, and of servers newer than the ones here. */
  private static final String[] VERSIONED = {"/*!40101 ", "/*!50003 ", "/*!50013 ", "/*!50700 ", "/*!80000 ",
      "/*M!100100 ", "/*M!100616 ", "/*!101106 ", "/*M!110400 ", "/*!999999 ", "/*M!999999", "*/ "};

  /**
   * A dump read against an assumed server (as the read ahead reads it before its server answers: version 99.99.98) and
   * read again against a real one: wherever the first reading's bounds admit that server, both readings give the same
   * statements, each classified alike, or the same refusal.
   */
  @Test
  void aReadingHoldsForEveryServerItsBoundsAdmit() {
    SplittableRandom random = new SplittableRandom(20261206L);
    int[] versions = {40000, 50100, 100500, 100616, 101106, 110400, 120000};
    long[] limits = {48, 256, 1 << 20};
    int held = 0;
    int notHeld = 0;
    for (int n = 0; n < 60_000; n++) {
      StringBuilder text = new StringBuilder();
      int pieces = 1 + random.nextInt(40);
      for (int i = 0; i < pieces; i++) {
        text.append(random.nextInt(3) == 0 ? VERSIONED[random.nextInt(VERSIONED.length)]
            : PIECES[random.nextInt(PIECES.length)]);
      }
      String dump = text.toString();
      int assumed = random.nextBoolean() ? 999998 : versions[random.nextInt(versions.length)];
      Reading ahead = reading(dump, assumed, 1 << 20, true);
      if (ahead.refusal() != null) {
        continue;
      }
      int version = versions[random.nextInt(versions.length)];
      long limit = limits[random.nextInt(limits.length)];
      if (!ahead.bounds().hold(version, limit)) {
        notHeld++;
        continue;
      }
      held++;
      assertThat(reading(dump, version, limit, false)).as(quoted(dump) + " read at version " + assumed + ", then at "
          + version + " with limit " + limit)
          .isEqualTo(ahead.withoutBounds());
    }
    assertThat(held).as("readings whose bounds held").isGreaterThan(6_000);
    assertThat(notHeld).as("readings whose bounds did not").isGreaterThan(800);
  }

  /** Each statement as the restore would run it and what it declines, or the refusal; and the reading's bounds. */
  private record Reading(List<String> statements, String refusal, DumpLexer.Bounds bounds) {
    Reading withoutBounds() {
      return new Reading(statements, refusal, null);
    }
  }

  private static Reading reading(String dump, int version, long limit, boolean bounds) {
    DumpReader reader = new DumpReader(new StringReader(dump), "demo", version, DumpSession.SERVER_DEFAULT, limit);
    List<String> statements = new ArrayList<>();
    try {
      for (DumpReader.Checked c = reader.next(); c != null; c = reader.next()) {
        statements.add(c.statement().line() + ": " + c.text() + " / " + c.what().declines());
      }
    } catch (ForbiddenStatementException e) {
      return new Reading(statements, e.getMessage(), null);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new Reading(statements, null, bounds ? reader.bounds() : null);
  }

  private static List<SqlStatement> read(String dump, long limit) throws IOException {
    DumpReader reader = new DumpReader(new StringReader(dump), "demo", 101106, DumpSession.SERVER_DEFAULT, limit);
    List<SqlStatement> statements = new ArrayList<>();
    for (DumpReader.Checked c = reader.next(); c != null; c = reader.next()) {
      statements.add(c.statement());
    }
    return statements;
  }

  private static String randomDump(SplittableRandom random) {
    StringBuilder dump = new StringBuilder();
    int pieces = 1 + random.nextInt(40);
    for (int i = 0; i < pieces; i++) {
      dump.append(random.nextInt(8) == 0 ? String.valueOf((char) random.nextInt(0x20, 0x7f))
          : PIECES[random.nextInt(PIECES.length)]);
    }
    return dump.toString();
  }

  private static String quoted(String dump) {
    return "\"" + dump.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
  }
}
