package io.stackpilot.activities.database.sql;

import java.util.Locale;
import java.util.Set;

/**
 * What a dump may hold: tables, rows, indexes, views, triggers, routines, events and session settings of the
 * application database. A dump read from a store is data, not a script run as root: anything else (accounts,
 * grants, other schemas, server settings, files on the server, commands of the mariadb client) is refused with the
 * line it starts on, before a single statement of the dump runs.
 */
public final class DumpPolicy {

  /** How the restore runs a statement. */
  public enum Kind {
    /** a session setting: in order, and in force for the rows after it */
    SESSION,
    /** rows of one table ({@code INSERT … VALUES}): may run in parallel with other rows */
    ROWS,
    /** a table's definition: its secondary indexes and foreign keys can be added after its rows */
    CREATE_TABLE,
    /** changes one table: after that table's rows, in order */
    TABLE,
    /** reads or changes several tables: after every row before it */
    BARRIER,
    /** a view, trigger, routine or event: after all tables, in dump order */
    OBJECT,
    /** nothing to do for a restore (table locks, the client's transaction framing, {@code USE} of the database) */
    SKIP
  }

  /**
   * @param table the table it works on, for {@link Kind#ROWS}, {@link Kind#CREATE_TABLE} and {@link Kind#TABLE}
   * @param declines why the restore engine cannot run it as written (the mariadb client can); null when it can
   */
  public record Classified(Kind kind, String table, String declines) {}

  private static final Set<String> OBJECTS = Set.of("VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT");
  private static final Set<String> UTF8 = Set.of("utf8", "utf8mb3", "utf8mb4", "default");

  /** A stored object's body is read whole; routines run to a few thousand tokens. */
  private static final int BODY_TOKENS = 1_000_000;
  private static final Set<String> FORBIDDEN_IN_BODY = Set.of("GRANT", "REVOKE", "SHUTDOWN", "KILL", "INSTALL",
      "UNINSTALL", "SONAME", "PREPARE", "EXECUTE", "FLUSH");
  private static final Set<String> ACCOUNTS_AND_DATABASES = Set.of("USER", "ROLE", "DATABASE", "SCHEMA", "SERVER");
  /** Where a qualified name is schema.table rather than table.column. */
  private static final Set<String> TABLE_POSITIONS = Set.of("FROM", "JOIN", "INTO", "UPDATE", "TABLE");
  private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "performance_schema", "sys");

  private final String database;

  public DumpPolicy(String database) {
    this.database = database;
  }

  /** What {@code statement} is; throws {@link ForbiddenStatementException} for anything a dump may not hold. */
  public Classified classify(SqlStatement statement) {
    if (statement.clientCommand()) {
      throw refused(statement, "holds a command of the mariadb client (a backslash outside strings), not SQL");
    }
    String text = statement.text();
    if (text.isEmpty()) {
      return skip();
    }
    Tokens t = Tokens.of(text, 40);
    String first = t.get(0).word();
    return switch (first) {
      case "SET" -> set(statement, t);
      case "INSERT", "REPLACE" -> insert(statement, t);
      case "CREATE" -> create(statement, t);
      case "DROP" -> drop(statement, t);
      case "ALTER" -> alter(statement, t);
      case "LOCK", "UNLOCK" -> t.is(1, "TABLES") || t.is(1, "TABLE") ? skip() : refuse(statement, t);
      case "START", "BEGIN", "COMMIT", "ROLLBACK" -> skip();
      case "USE" -> {
        requireDatabase(statement, t.get(1));
        yield skip();
      }
      case "TRUNCATE" -> new Classified(Kind.TABLE, tableAt(statement, t, t.is(1, "TABLE") ? 2 : 1), null);
      case "RENAME", "UPDATE", "DELETE" -> {
        noFiles(statement);
        yield new Classified(Kind.BARRIER, null, null);
      }
      case "SELECT" -> {
        if (t.is(1, "SETVAL") && t.is(2, "(")) {
          tableAt(statement, t, 3);
          yield new Classified(Kind.BARRIER, null, null);
        }
        yield refuse(statement, t);
      }
      default -> refuse(statement, t);
    };
  }

  private Classified set(SqlStatement s, Tokens t) {
    for (Tokens.Token token : Tokens.of(s.text(), 200).list()) {
      String w = token.quoted() ? "" : token.word();
      if (w.equals("GLOBAL") || w.equals("PERSIST") || w.equals("PERSIST_ONLY") || w.startsWith("@@GLOBAL.")) {
        throw refused(s, "changes a server setting (SET GLOBAL): a restore sets only its own session");
      }
    }
    String second = t.get(1).word();
    if (Set.of("PASSWORD", "ROLE", "DEFAULT", "STATEMENT").contains(second)) {
      throw refused(s, "is SET " + second + ", not a session setting of a dump");
    }
    String declines = null;
    for (int i = 1; i < t.size(); i++) {
      String charset = null;
      if (t.is(i, "NAMES")) {
        charset = t.get(i + 1).text();
      } else if (t.is(i, "CHARACTER") && t.is(i + 1, "SET")) {
        charset = t.get(i + 2).text();
      } else if (t.get(i).word().replace("@@SESSION.", "").equals("CHARACTER_SET_CLIENT") && t.is(i + 1, "=")) {
        charset = t.get(i + 2).text();
      }
      String name = charset == null ? null : charset.replace("'", "").replace("\"", "").toLowerCase(Locale.ROOT);
      if (name != null && !name.startsWith("@") && !UTF8.contains(name)) {
        declines = "the dump's rows are written in character set " + name + " (the engine sends UTF-8)";
      }
    }
    return new Classified(Kind.SESSION, null, declines);
  }

  private Classified insert(SqlStatement s, Tokens t) {
    int i = 1;
    while (t.is(i, "LOW_PRIORITY") || t.is(i, "DELAYED") || t.is(i, "HIGH_PRIORITY") || t.is(i, "IGNORE")) {
      i++;
    }
    if (t.is(i, "INTO")) {
      i++;
    }
    String table = tableAt(s, t, i);
    i += qualified(t, i) ? 3 : 1;
    if (t.is(i, "(")) {
      int depth = 0;
      for (; i < t.size(); i++) {
        if (t.is(i, "(")) {
          depth++;
        } else if (t.is(i, ")") && --depth == 0) {
          i++;
          break;
        }
      }
    }
    if (t.is(i, "VALUES") || t.is(i, "VALUE") || t.is(i, "SET")) {
      return new Classified(Kind.ROWS, table, null);
    }
    noFiles(s);
    return new Classified(Kind.BARRIER, table, null);
  }

  private Classified create(SqlStatement s, Tokens t) {
    int what = t.find(1, "TABLE", "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "INDEX", "DATABASE", "SCHEMA",
        "USER", "ROLE", "SERVER", "SEQUENCE", "TABLESPACE", "PACKAGE", "LOGFILE");
    String kind = what < 0 ? "" : t.get(what).word();
    if (t.find(1, "TEMPORARY") >= 0 && t.find(1, "TEMPORARY") < what) {
      throw refused(s, "creates a temporary table, which holds no data of the database");
    }
    switch (kind) {
      case "TABLE" -> {
        int at = skipIfExists(t, what + 1);
        noFiles(s);
        return new Classified(Kind.CREATE_TABLE, tableAt(s, t, at), null);
      }
      case "SEQUENCE" -> {
        tableAt(s, t, skipIfExists(t, what + 1));
        return new Classified(Kind.BARRIER, null, null);
      }
      case "INDEX" -> {
        int on = t.find(what, "ON");
        return new Classified(Kind.TABLE, tableAt(s, t, on + 1), null);
      }
      case "DATABASE", "SCHEMA" -> {
        requireDatabase(s, t.get(skipIfExists(t, what + 1)));
        return skip();
      }
      case "VIEW", "TRIGGER", "PROCEDURE", "EVENT", "PACKAGE" -> {
        tableAt(s, t, skipIfExists(t, what + 1));
        body(s);
        return new Classified(Kind.OBJECT, null, null);
      }
      case "FUNCTION" -> {
        if (t.find(what, "SONAME") >= 0) {
          throw refused(s, "loads a function from a shared library into the server");
        }
        tableAt(s, t, skipIfExists(t, what + 1));
        body(s);
        return new Classified(Kind.OBJECT, null, null);
      }
      default -> {
        return refuse(s, t);
      }
    }
  }

  /**
   * A view, trigger, routine or event runs later, with its definer's privileges (an event on its own, on the event
   * scheduler): its body may do no more than the dump itself. Refused in a body: privileges and accounts, databases,
   * server settings and shutdown, plugins, files on the server, dynamic SQL (which would hide what runs), and names
   * of another schema where a table is named or in three-part names.
   */
  private void body(SqlStatement s) {
    Tokens all = Tokens.of(s.text(), BODY_TOKENS);
    noFiles(s);
    for (int i = 0; i < all.size(); i++) {
      Tokens.Token token = all.get(i);
      if (!token.quoted() && FORBIDDEN_IN_BODY.contains(token.word())) {
        throw refused(s, "defines a stored object whose body runs " + token.word() + ", which a dump may not hold");
      }
      if (!token.quoted() && token.word().startsWith("@@GLOBAL")) {
        throw refused(s, "defines a stored object whose body changes a global server setting");
      }
      boolean statementVerb = all.is(i, "CREATE") || all.is(i, "DROP") || all.is(i, "ALTER") || all.is(i, "RENAME");
      if (statementVerb && i + 1 < all.size() && ACCOUNTS_AND_DATABASES.contains(all.get(i + 1).word())) {
        throw refused(s, "defines a stored object whose body runs " + all.get(i).word() + " " + all.get(i + 1).word());
      }
      if (all.is(i, "SET") && i + 1 < all.size() && (all.is(i + 1, "PASSWORD") || all.is(i + 1, "GLOBAL")
          || all.is(i + 1, "PERSIST") || all.is(i + 1, "ROLE") || all.is(i + 1, "STATEMENT"))) {
        throw refused(s, "defines a stored object whose body runs SET " + all.get(i + 1).word());
      }
      if (i + 2 < all.size() && all.get(i + 1).text().equals(".")) {
        boolean tablePosition = i > 0 && TABLE_POSITIONS.contains(all.get(i - 1).word()) && !all.get(i - 1).quoted();
        boolean threePart = i + 4 < all.size() && all.get(i + 3).text().equals(".");
        if (SYSTEM_SCHEMAS.contains(token.text().toLowerCase(java.util.Locale.ROOT)) || tablePosition || threePart) {
          requireDatabase(s, token);
        }
      }
    }
  }

  private Classified drop(SqlStatement s, Tokens t) {
    String kind = t.get(1).word();
    if (kind.equals("TABLE")) {
      int at = skipIfExists(t, 2);
      String table = tableAt(s, t, at);
      int next = at + (qualified(t, at) ? 3 : 1);
      if (t.is(next, ",")) {
        for (int i = next; i < t.size(); i++) {
          if (t.is(i, ",")) {
            tableAt(s, t, i + 1);
          }
        }
        return new Classified(Kind.BARRIER, null, null);
      }
      return new Classified(Kind.TABLE, table, null);
    }
    if (kind.equals("INDEX")) {
      return new Classified(Kind.TABLE, tableAt(s, t, t.find(2, "ON") + 1), null);
    }
    if (OBJECTS.contains(kind)) {
      tableAt(s, t, skipIfExists(t, 2));
      return new Classified(Kind.OBJECT, null, null);
    }
    if (kind.equals("SEQUENCE")) {
      tableAt(s, t, skipIfExists(t, 2));
      return new Classified(Kind.BARRIER, null, null);
    }
    return refuse(s, t);
  }

  private Classified alter(SqlStatement s, Tokens t) {
    int what = t.find(1, "TABLE", "VIEW", "PROCEDURE", "FUNCTION", "EVENT", "DATABASE", "SCHEMA", "USER", "SERVER",
        "SEQUENCE", "TABLESPACE", "INSTANCE", "LOGFILE");
    String kind = what < 0 ? "" : t.get(what).word();
    switch (kind) {
      case "TABLE" -> {
        int at = skipIfExists(t, what + 1);
        String table = tableAt(s, t, at);
        int next = at + (qualified(t, at) ? 3 : 1);
        if ((t.is(next, "DISABLE") || t.is(next, "ENABLE")) && t.is(next + 1, "KEYS") && t.size() <= next + 2) {
          return skip();
        }
        return new Classified(Kind.TABLE, table, null);
      }
      case "DATABASE", "SCHEMA" -> {
        Tokens.Token name = t.get(what + 1);
        if (!name.is("CHARACTER") && !name.is("DEFAULT") && !name.is("COLLATE") && !name.is("CHARSET")) {
          requireDatabase(s, name);
        }
        return new Classified(Kind.OBJECT, null, null);
      }
      case "VIEW", "PROCEDURE", "FUNCTION", "EVENT" -> {
        tableAt(s, t, what + 1);
        return new Classified(Kind.OBJECT, null, null);
      }
      case "SEQUENCE" -> {
        tableAt(s, t, skipIfExists(t, what + 1));
        return new Classified(Kind.BARRIER, null, null);
      }
      default -> {
        return refuse(s, t);
      }
    }
  }

  /** Past {@code IF [NOT] EXISTS} at {@code at}. */
  private static int skipIfExists(Tokens t, int at) {
    if (t.is(at, "IF")) {
      return t.is(at + 1, "NOT") ? at + 3 : at + 2;
    }
    return at;
  }

  private static boolean qualified(Tokens t, int at) {
    return t.is(at + 1, ".");
  }

  /** The name at {@code at}; a name qualified with another schema is refused. */
  private String tableAt(SqlStatement s, Tokens t, int at) {
    if (at < 0 || at >= t.size()) {
      throw refused(s, "names no object where one is expected");
    }
    if (qualified(t, at)) {
      requireDatabase(s, t.get(at));
      return t.get(at + 2).text();
    }
    return t.get(at).text();
  }

  private void requireDatabase(SqlStatement s, Tokens.Token name) {
    if (!name.text().equals(database)) {
      throw refused(s, "names the schema '" + name.text() + "'; a dump may only hold the application database '"
          + database + "'");
    }
  }

  /** Files on the database server are not a dump's business, whatever the statement. */
  private static void noFiles(SqlStatement s) {
    Tokens all = Tokens.of(s.text(), 400);
    for (int i = 0; i + 1 < all.size(); i++) {
      if (all.is(i, "INTO") && (all.is(i + 1, "OUTFILE") || all.is(i + 1, "DUMPFILE"))) {
        throw refused(s, "writes a file on the database server (INTO " + all.get(i + 1).word() + ")");
      }
      if (all.is(i, "LOAD_FILE") || (all.is(i, "LOAD") && all.is(i + 1, "DATA"))) {
        throw refused(s, "reads a file on the database server");
      }
    }
  }

  private static Classified skip() {
    return new Classified(Kind.SKIP, null, null);
  }

  private static Classified refuse(SqlStatement s, Tokens t) {
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < Math.min(3, t.size()); i++) {
      head.append(i == 0 ? "" : " ").append(t.get(i).word());
    }
    throw refused(s, "is " + head + ", which a dump may not hold: only tables, rows, indexes, views, triggers, "
        + "routines, events and session settings of the application database are restored");
  }

  private static ForbiddenStatementException refused(SqlStatement s, String why) {
    String text = s.text().replaceAll("\\s+", " ");
    return new ForbiddenStatementException("the statement at line " + s.line() + " of the dump ("
        + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + ") " + why);
  }
}
