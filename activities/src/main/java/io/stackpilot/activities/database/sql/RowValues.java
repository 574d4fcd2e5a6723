package io.stackpilot.activities.database.sql;

import java.util.regex.Pattern;

/**
 * Checks the rows of an {@code INSERT … VALUES} in one pass without tokens: parenthesised lists of literal values
 * (strings, numbers, hex and bit literals, character set introducers, {@code NULL}, {@code TRUE}, {@code FALSE},
 * {@code DEFAULT}) and nothing after the last row. That is all a dump writes in rows; anything else (a function, a
 * variable, a subquery, {@code ON DUPLICATE KEY}) makes the statement one to check whole.
 */
final class RowValues {

  private static final Pattern NUMBER = Pattern.compile("[0-9]+([eE][0-9]*)?|0x[0-9a-fA-F]+|0b[01]+|[0-9]*[eE]");
  /** A character set introducer such as {@code _binary} or {@code _utf8mb4}. */
  private static final Pattern INTRODUCER = Pattern.compile("_[a-z0-9]+");

  private RowValues() {}

  /** Whether everything from {@code from} on is rows of literal values. */
  static boolean literalOnly(String sql, int from, DumpSession session) {
    int n = sql.length();
    int depth = 0;
    boolean any = false;
    int i = from;
    Strings strings = new Strings(sql, session.noBackslashEscapes());
    while (i < n) {
      char c = sql.charAt(i);
      if (c == ',' || c == '+' || c == '-' || c == '.' || whitespace(c)) {
        i++;
      } else if (c == '(') {
        if (depth > 0) {
          return false;
        }
        depth++;
        any = true;
        i++;
      } else if (c == ')') {
        if (--depth < 0) {
          return false;
        }
        i++;
      } else if (depth == 0) {
        return false;
      } else if (c == '\'' || (c == '"' && !session.ansiQuotes())) {
        i = strings.end(i);
        if (i < 0) {
          return false;
        }
      } else if (wordPart(c)) {
        int start = i;
        boolean digits = true;
        for (char w; i < n && wordPart(w = sql.charAt(i)); i++) {
          digits &= w >= '0' && w <= '9';
        }
        if (!digits && !literalWord(sql.substring(start, i), i < n ? sql.charAt(i) : ' ')) {
          return false;
        }
      } else {
        return false;
      }
    }
    return any && depth == 0;
  }

  /** {@link Character#isWhitespace}, without its lookup for the printable ASCII characters rows are mostly made of. */
  private static boolean whitespace(char c) {
    return (c <= ' ' || c > '~') && Character.isWhitespace(c);
  }

  /** A letter, a digit or an underscore, as {@link Character#isLetterOrDigit} has them; digits and ASCII first. */
  private static boolean wordPart(char c) {
    if (c < 128) {
      return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }
    return Character.isLetterOrDigit(c);
  }

  /**
   * Finds where the strings of one statement end with {@link String#indexOf(int, int)}, which the JVM runs over many
   * characters at a time; the next backslash is looked for once and kept until the reading passes it, so a statement
   * of many strings and no backslash is read once, not once per string.
   */
  private static final class Strings {
    private final String sql;
    private final boolean noBackslashEscapes;
    private int backslash = -2;

    Strings(String sql, boolean noBackslashEscapes) {
      this.sql = sql;
      this.noBackslashEscapes = noBackslashEscapes;
    }

    /** Just past the string opened at {@code at}; -1 when it never closes. */
    int end(int at) {
      char quote = sql.charAt(at);
      int i = at + 1;
      while (true) {
        int closing = sql.indexOf(quote, i);
        if (closing < 0) {
          return -1;
        }
        int escape = noBackslashEscapes ? -1 : nextBackslash(i);
        if (escape >= 0 && escape < closing) {
          // The backslash escapes the character after it, whatever it is.
          i = escape + 2;
        } else if (closing + 1 < sql.length() && sql.charAt(closing + 1) == quote) {
          i = closing + 2;
        } else {
          return closing + 1;
        }
      }
    }

    /** The first backslash at or after {@code from}; -1 when none. */
    private int nextBackslash(int from) {
      if (backslash == -2 || backslash >= 0 && backslash < from) {
        backslash = sql.indexOf('\\', from);
      }
      return backslash;
    }
  }

  private static boolean literalWord(String word, char next) {
    if (word.equalsIgnoreCase("NULL") || word.equalsIgnoreCase("TRUE") || word.equalsIgnoreCase("FALSE")
        || word.equalsIgnoreCase("DEFAULT")) {
      return true;
    }
    if (NUMBER.matcher(word).matches()) {
      return true;
    }
    if ((word.equalsIgnoreCase("X") || word.equalsIgnoreCase("B") || word.equalsIgnoreCase("N")) && next == '\'') {
      return true;
    }
    return INTRODUCER.matcher(word).matches() && (next == '\'' || next == ' ' || next == '0');
  }
}
