package io.stackpilot.activities.database.sql;

/**
 * The {@code DEFINER} clause of a view, trigger, routine or event, rewritten to {@code CURRENT_USER} as MySQL Shell's
 * {@code strip_definers} and myloader do: the object belongs to the account that restores it, which holds privileges
 * on the application database only, instead of to whoever the dump names (root, typically), which that account may
 * not name anyway.
 */
final class Definers {

  private Definers() {}

  /** The token index just past the user named at {@code at} ({@code CURRENT_USER[()]}, {@code user@host}, a role). */
  static int endOfUser(Tokens t, int at) {
    if (t.is(at, "CURRENT_USER")) {
      return t.is(at + 1, "(") && t.is(at + 2, ")") ? at + 3 : at + 1;
    }
    Tokens.Token next = t.get(at + 1);
    if (!next.quoted() && next.text().equals("@")) {
      return at + 3;
    }
    if (!next.quoted() && next.text().startsWith("@") && next.text().length() > 1) {
      return at + 2;
    }
    return at + 1;
  }

  /**
   * {@code sql} with the {@code DEFINER = …} clause whose keyword is token {@code definer} made
   * {@code DEFINER=CURRENT_USER}; null when there is none (the object gets the restoring account anyway).
   */
  static String toCurrentUser(String sql, Tokens t, int definer) {
    if (definer < 0) {
      return null;
    }
    Tokens.Token keyword = t.get(definer);
    int start = keyword.end() - keyword.text().length();
    int end = t.get(endOfUser(t, definer + 2) - 1).end();
    if (start < 0 || end < start) {
      throw new ForbiddenStatementException("the DEFINER clause of '" + sql.substring(0, Math.min(80, sql.length()))
          + "' cannot be read");
    }
    return sql.substring(0, start) + "DEFINER=CURRENT_USER" + sql.substring(end);
  }
}
