package io.stackpilot.activities.database.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A statement's tokens: words upper-cased, identifiers in backticks without them ({@code `a``b`} is {@code a`b},
 * marked as quoted), strings and numbers as they are, every other character alone. Quotes are read as the server
 * reads them in the session's SQL mode: under {@code ANSI_QUOTES} {@code "…"} is a name, under
 * {@code NO_BACKSLASH_ESCAPES} a backslash ends nothing. Each token knows where it ends in the text.
 */
record Tokens(List<Token> list) {

  /**
   * {@code text} as written (a quoted name without its quotes); {@code word} upper-cased for comparing keywords;
   * {@code literal} a string; {@code end} just past it in the statement.
   */
  record Token(String text, String word, boolean quoted, boolean literal, int end) {
    boolean is(String keyword) {
      return !quoted && word.equals(keyword);
    }

    /** A name, bare or quoted: what a schema, table or column is called. */
    boolean name() {
      return quoted ? !literal : !text.isEmpty() && (Character.isLetter(text.charAt(0)) || text.charAt(0) == '_'
          || text.charAt(0) == '$');
    }
  }

  /** The first {@code max} tokens under the default quoting rules. */
  static Tokens of(String sql, int max) {
    return of(sql, max, false, false);
  }

  /** Every token, quoted as {@code session} reads quotes now. */
  static Tokens of(String sql, DumpSession session) {
    return of(sql, Integer.MAX_VALUE, session.ansiQuotes(), session.noBackslashEscapes());
  }

  /** The first {@code max} tokens, quoted as {@code session} reads quotes now. */
  static Tokens head(String sql, int max, DumpSession session) {
    return of(sql, max, session.ansiQuotes(), session.noBackslashEscapes(), null);
  }

  /**
   * The tokens up to and including the first unquoted word of {@code stop} outside parentheses (the rows of an
   * {@code INSERT} are not tokenized; a column named {@code value} in its column list is not where they start), at
   * most {@code max}.
   */
  static Tokens until(String sql, java.util.Set<String> stop, int max, DumpSession session) {
    return of(sql, max, session.ansiQuotes(), session.noBackslashEscapes(), stop);
  }

  /** {@link #until(String, java.util.Set, int, DumpSession)} under the default quoting rules. */
  static Tokens until(String sql, java.util.Set<String> stop, int max) {
    return of(sql, max, false, false, stop);
  }

  private static Tokens of(String sql, int max, boolean ansiQuotes, boolean noBackslashEscapes) {
    return of(sql, max, ansiQuotes, noBackslashEscapes, null);
  }

  private static Tokens of(String sql, int max, boolean ansiQuotes, boolean noBackslashEscapes,
      java.util.Set<String> stop) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    int depth = 0;
    while (i < n && tokens.size() < max && (stop == null || tokens.isEmpty() || depth != 0
        || tokens.get(tokens.size() - 1).quoted() || !stop.contains(tokens.get(tokens.size() - 1).word()))) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '`' || (c == '"' && ansiQuotes)) {
        StringBuilder name = new StringBuilder();
        i++;
        while (i < n) {
          char d = sql.charAt(i++);
          if (d == c) {
            if (i < n && sql.charAt(i) == c) {
              name.append(c);
              i++;
            } else {
              break;
            }
          } else {
            name.append(d);
          }
        }
        tokens.add(new Token(name.toString(), name.toString(), true, false, i));
      } else if (c == '\'' || c == '"') {
        int start = i++;
        while (i < n) {
          char d = sql.charAt(i++);
          if (d == '\\' && !noBackslashEscapes) {
            i++;
          } else if (d == c) {
            if (i < n && sql.charAt(i) == c) {
              i++;
            } else {
              break;
            }
          }
        }
        String literal = sql.substring(start, Math.min(i, n));
        tokens.add(new Token(literal, literal, true, true, Math.min(i, n)));
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || "_$@.".indexOf(sql.charAt(i)) >= 0)
            && !(sql.charAt(i) == '.' && c != '@')) {
          i++;
        }
        String word = sql.substring(start, i);
        tokens.add(new Token(word, word.toUpperCase(Locale.ROOT), false, false, i));
      } else {
        tokens.add(new Token(String.valueOf(c), String.valueOf(c), false, false, i + 1));
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        i++;
      }
    }
    return new Tokens(tokens);
  }

  int size() {
    return list.size();
  }

  Token get(int index) {
    return index >= 0 && index < list.size() ? list.get(index) : new Token("", "", false, false, -1);
  }

  boolean is(int index, String word) {
    return get(index).is(word);
  }

  /** The index of the first of {@code words} at or after {@code from}; -1 when none. */
  int find(int from, String... words) {
    for (int i = Math.max(0, from); i < list.size(); i++) {
      for (String word : words) {
        if (list.get(i).is(word)) {
          return i;
        }
      }
    }
    return -1;
  }
}
