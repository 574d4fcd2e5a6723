package io.stackpilot.activities.database.sql;

import java.util.Locale;
import java.util.Set;

/**
 * The names and words a statement of a dump may hold: every schema-qualified name must be the application database,
 * no statement may run what only an administrator does (grants, shutdown, plugins, files on the server, global
 * settings), and a stored object's body may do no more than the dump itself.
 */
final class NameGuard {

  /** Words no statement of a dump runs anywhere in it, bodies included. */
  private static final Set<String> FORBIDDEN = Set.of("GRANT", "REVOKE", "SHUTDOWN", "KILL", "INSTALL", "UNINSTALL",
      "SONAME", "PREPARE", "EXECUTE", "FLUSH", "LOAD_FILE", "OUTFILE", "DUMPFILE", "INFILE", "PURGE", "BINLOG",
      "GLOBAL", "PERSIST", "PERSIST_ONLY");
  private static final Set<String> ACCOUNTS_AND_SERVER = Set.of("USER", "ROLE", "DATABASE", "SCHEMA", "SERVER",
      "TABLESPACE", "LOGFILE", "INSTANCE");
  /** Where a qualified name is schema.table rather than table.column. */
  private static final Set<String> TABLE_POSITIONS = Set.of("FROM", "JOIN", "INTO", "UPDATE", "TABLE", "TABLES",
      "REFERENCES", "TO", "LIKE", "STRAIGHT_JOIN", "USING");
  private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "performance_schema", "sys", "information_schema");

  private final String database;

  NameGuard(String database) {
    this.database = database;
  }

  /**
   * A view, trigger, routine or event runs later, with its definer's privileges (an event on its own, on the event
   * scheduler): its body may do no more than the dump itself. Refused anywhere in it: privileges and accounts,
   * databases, server settings and shutdown, plugins, files on the server, dynamic SQL (which would hide what runs),
   * and names of another schema.
   */
  void body(SqlStatement s, Tokens all) {
    forbiddenWords(s, all);
    for (int i = 0; i < all.size(); i++) {
      boolean statementVerb = all.is(i, "CREATE") || all.is(i, "DROP") || all.is(i, "ALTER") || all.is(i, "RENAME");
      if (statementVerb) {
        int j = i + 1;
        while (all.is(j, "OR") || all.is(j, "REPLACE") || all.is(j, "IF") || all.is(j, "NOT") || all.is(j, "EXISTS")) {
          j++;
        }
        if (ACCOUNTS_AND_SERVER.contains(all.get(j).word()) && !all.get(j).quoted()) {
          throw DumpPolicy.refused(s, "defines a stored object whose body runs " + all.get(i).word() + " " + all.get(j).word());
        }
      }
      if (all.is(i, "SET") && (all.is(i + 1, "PASSWORD") || all.is(i + 1, "ROLE") || all.is(i + 1, "DEFAULT")
          || all.is(i + 1, "STATEMENT"))) {
        throw DumpPolicy.refused(s, "defines a stored object whose body runs SET " + all.get(i + 1).word());
      }
    }
  }

  /** Words no statement of a dump holds outside strings and names, wherever they stand. */
  static void forbiddenWords(SqlStatement s, Tokens all) {
    for (int i = 0; i < all.size(); i++) {
      Tokens.Token token = all.get(i);
      if (token.quoted()) {
        continue;
      }
      if (FORBIDDEN.contains(token.word())) {
        throw DumpPolicy.refused(s, "runs " + token.word() + ", which a dump may not hold");
      }
      if (token.word().startsWith("@@GLOBAL.")) {
        throw DumpPolicy.refused(s, "changes or reads a global server setting");
      }
      if (token.is("DIRECTORY")) {
        throw DumpPolicy.refused(s, "places files outside the server's data directory (DATA or INDEX DIRECTORY), which MariaDB "
            + "allows without the FILE privilege");
      }
      if (token.is("LOAD") && all.is(i + 1, "DATA") || token.is("LOAD") && all.is(i + 1, "XML")) {
        throw DumpPolicy.refused(s, "reads a file on the database server");
      }
    }
  }

  /**
   * Every schema-qualified name in the statement: a three-part name, a name where a table stands, and any name in a
   * system schema must be in the application database.
   */
  void checkEveryName(SqlStatement s, Tokens all) {
    for (int i = 0; i + 2 < all.size(); i++) {
      Tokens.Token token = all.get(i);
      if (!token.name() || !all.get(i + 1).text().equals(".") || all.get(i + 1).quoted() || !all.get(i + 2).name()) {
        continue;
      }
      if (i > 0 && all.get(i - 1).text().equals(".") && !all.get(i - 1).quoted()) {
        continue;
      }
      boolean tablePosition = i > 0 && TABLE_POSITIONS.contains(all.get(i - 1).word()) && !all.get(i - 1).quoted();
      boolean threePart = all.get(i + 3).text().equals(".") && !all.get(i + 3).quoted();
      if (SYSTEM_SCHEMAS.contains(token.text().toLowerCase(Locale.ROOT)) || tablePosition || threePart) {
        requireDatabase(s, token);
      }
    }
  }

  static boolean qualified(Tokens t, int at) {
    return t.is(at + 1, ".");
  }

  /** The name at {@code at}; a name qualified with another schema is refused. */
  String tableAt(SqlStatement s, Tokens t, int at) {
    if (at < 0 || at >= t.size() || !t.get(at).name()) {
      throw DumpPolicy.refused(s, "names no object where one is expected");
    }
    if (qualified(t, at)) {
      requireDatabase(s, t.get(at));
      return t.get(at + 2).text();
    }
    return t.get(at).text();
  }

  void requireDatabase(SqlStatement s, Tokens.Token name) {
    if (!name.text().equals(database)) {
      throw DumpPolicy.refused(s, "names the schema '" + name.text() + "'; a dump may only hold the application database '"
          + database + "'");
    }
  }
}
