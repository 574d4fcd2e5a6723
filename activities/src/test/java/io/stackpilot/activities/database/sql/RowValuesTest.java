package io.stackpilot.activities.database.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Where the strings in a dump's rows end: a backslash escapes the character after it (unless NO_BACKSLASH_ESCAPES), a
 * doubled quote stays in the string, and a string that never closes makes the rows unreadable as literals.
 */
class RowValuesTest {

  private static final DumpSession DEFAULT = session("");
  private static final DumpSession NO_BACKSLASH_ESCAPES = session("NO_BACKSLASH_ESCAPES");

  /** A session in {@code mode}, set as a dump sets it. */
  private static DumpSession session(String mode) {
    DumpReader dump = new DumpReader(new java.io.StringReader("SET sql_mode = '" + mode + "';"), "demo", 101106,
        DumpSession.SERVER_DEFAULT, 1 << 20);
    try {
      dump.next();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dump.session();
  }

  @Test
  void stringsEndAtTheirClosingQuotePastEscapesAndDoubledQuotes() {
    assertThat(RowValues.literalOnly("('a\\'b'),('c')", 0, DEFAULT)).isTrue();
    assertThat(RowValues.literalOnly("('a''b','')", 0, DEFAULT)).isTrue();
    assertThat(RowValues.literalOnly("(\"a\\\"b\",'x\\\\')", 0, DEFAULT)).isTrue();
    assertThat(RowValues.literalOnly("('plain'),('then an escape \\n'),(1)", 0, DEFAULT)).isTrue();
    assertThat(RowValues.literalOnly("('a\\')", 0, DEFAULT)).as("the backslash escapes the closing quote").isFalse();
    assertThat(NO_BACKSLASH_ESCAPES.noBackslashEscapes()).isTrue();
    assertThat(RowValues.literalOnly("('a\\')", 0, NO_BACKSLASH_ESCAPES)).as("a backslash is text").isTrue();
    assertThat(RowValues.literalOnly("('a\\'), (SLEEP(1))", 0, NO_BACKSLASH_ESCAPES)).isFalse();
    assertThat(RowValues.literalOnly("('x'), ('never closes)", 0, DEFAULT)).isFalse();
    assertThat(RowValues.literalOnly("('ends with a backslash\\", 0, DEFAULT)).isFalse();
  }

  @Test
  void charactersBetweenValuesAreWhitespaceLettersAndDigitsAsJavaHasThem() {
    assertThat(RowValues.literalOnly("(1e5, -2.5, +3, NULL, DEFAULT, 0x1F, b'01', _binary'x', N'y', TRUE)", 0, DEFAULT))
        .isTrue();
    assertThat(RowValues.literalOnly("(1,\u2003'a')\t,\r\n(2,\u001C'b')", 0, DEFAULT)).as("an em space, a file separator")
        .isTrue();
    assertThat(RowValues.literalOnly("(1,\u00A0'a')", 0, DEFAULT)).as("a no-break space is not whitespace").isFalse();
    assertThat(RowValues.literalOnly("(\u007F1)", 0, DEFAULT)).isFalse();
    assertThat(RowValues.literalOnly("(1ü)", 0, DEFAULT)).as("a letter beyond ASCII makes a word, not a number")
        .isFalse();
    assertThat(RowValues.literalOnly("(1_2)", 0, DEFAULT)).isFalse();
  }

  @Test
  void randomRowsAreReadAsACharacterByCharacterReadingReadsThem() {
    String[] pieces = {"'", "''", "\"", "\\", "\\'", "\\\\", "a", "x y", ",", "(", ")", " ", "NULL", "12", "SLEEP(1)"};
    List<DumpSession> sessions = List.of(DEFAULT, NO_BACKSLASH_ESCAPES, session("ANSI_QUOTES"));
    assertThat(sessions.get(2).ansiQuotes()).isTrue();
    SplittableRandom random = new SplittableRandom(20261206L);
    int literal = 0;
    for (int n = 0; n < 50_000; n++) {
      StringBuilder sql = new StringBuilder("(");
      int count = 1 + random.nextInt(12);
      for (int i = 0; i < count; i++) {
        sql.append(pieces[random.nextInt(pieces.length)]);
      }
      sql.append(random.nextBoolean() ? ")" : "");
      for (DumpSession session : sessions) {
        boolean expected = CharacterByCharacter.literalOnly(sql.toString(), session);
        assertThat(RowValues.literalOnly(sql.toString(), 0, session)).as(sql + " under sql_mode " + sessions.indexOf(session))
            .isEqualTo(expected);
        literal += expected ? 1 : 0;
      }
    }
    assertThat(literal).as("the generator reaches both answers").isBetween(1_000, 140_000);
  }

  /** The rows read one character at a time: strings, parentheses, commas, numbers and NULL, as a dump writes them. */
  private static final class CharacterByCharacter {
    static boolean literalOnly(String sql, DumpSession session) {
      int depth = 0;
      int i = 0;
      while (i < sql.length()) {
        char c = sql.charAt(i);
        if (c == '(') {
          if (depth++ > 0) {
            return false;
          }
          i++;
        } else if (c == ')') {
          if (--depth < 0) {
            return false;
          }
          i++;
        } else if (c == ' ' || c == ',') {
          i++;
        } else if (depth == 0) {
          return false;
        } else if (c == '\'' || c == '"' && !session.ansiQuotes()) {
          i = endOfString(sql, i, session.noBackslashEscapes());
          if (i < 0) {
            return false;
          }
        } else if (Character.isLetterOrDigit(c)) {
          int start = i;
          while (i < sql.length() && Character.isLetterOrDigit(sql.charAt(i))) {
            i++;
          }
          String word = sql.substring(start, i);
          if (!word.chars().allMatch(Character::isDigit) && !word.equals("NULL")) {
            return false;
          }
        } else {
          return false;
        }
      }
      return depth == 0;
    }

    static int endOfString(String sql, int at, boolean noBackslashEscapes) {
      char quote = sql.charAt(at);
      int i = at + 1;
      while (i < sql.length()) {
        char c = sql.charAt(i++);
        if (c == '\\' && !noBackslashEscapes) {
          i++;
        } else if (c == quote) {
          if (i < sql.length() && sql.charAt(i) == quote) {
            i++;
          } else {
            return i;
          }
        }
      }
      return -1;
    }
  }
}
