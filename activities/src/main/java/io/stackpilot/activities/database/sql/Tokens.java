package io.stackpilot.activities.database.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The leading tokens of a statement, enough to tell what it is: words upper-cased, identifiers in backticks without
 * them ({@code `a``b`} is {@code a`b}, marked as quoted), strings and numbers as they are, every other character
 * alone. Stops after {@code max} tokens so a long row statement costs nothing.
 */
record Tokens(List<Token> list) {

  /** {@code text} as written; {@code word} upper-cased for comparing keywords. */
  record Token(String text, String word, boolean quoted) {
    boolean is(String keyword) {
      return !quoted && word.equals(keyword);
    }
  }

  static Tokens of(String sql, int max) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n && tokens.size() < max) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '`') {
        StringBuilder name = new StringBuilder();
        i++;
        while (i < n) {
          char d = sql.charAt(i++);
          if (d == '`') {
            if (i < n && sql.charAt(i) == '`') {
              name.append('`');
              i++;
            } else {
              break;
            }
          } else {
            name.append(d);
          }
        }
        tokens.add(new Token(name.toString(), name.toString(), true));
      } else if (c == '\'' || c == '"') {
        int start = i++;
        while (i < n) {
          char d = sql.charAt(i++);
          if (d == '\\') {
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
        tokens.add(new Token(literal, literal, true));
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || "_$@.".indexOf(sql.charAt(i)) >= 0)
            && !(sql.charAt(i) == '.' && c != '@')) {
          i++;
        }
        String word = sql.substring(start, i);
        tokens.add(new Token(word, word.toUpperCase(Locale.ROOT), false));
      } else {
        tokens.add(new Token(String.valueOf(c), String.valueOf(c), false));
        i++;
      }
    }
    return new Tokens(tokens);
  }

  int size() {
    return list.size();
  }

  Token get(int index) {
    return index < list.size() ? list.get(index) : new Token("", "", false);
  }

  boolean is(int index, String word) {
    return get(index).is(word);
  }

  /** The index of the first of {@code words} at or after {@code from}; -1 when none. */
  int find(int from, String... words) {
    for (int i = from; i < list.size(); i++) {
      for (String word : words) {
        if (list.get(i).is(word)) {
          return i;
        }
      }
    }
    return -1;
  }
}
