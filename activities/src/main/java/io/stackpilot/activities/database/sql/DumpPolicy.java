package io.stackpilot.activities.database.sql;

import java.util.Locale;
import java.util.Set;

/**
 * What a dump may hold, by statement grammar: tables, rows, indexes, views, triggers, routines, events and session
 * settings of the application database, and the data changes a release's vanilla dump runs between them. A dump read
 * from a store is data: anything else (accounts, grants, other schemas, server settings, files on the server, commands
 * of the mariadb client, anonymous blocks) is refused with the line it starts on, before a single statement of the
 * dump runs. Every statement is read whole, as the server reads it in the dump's SQL mode ({@link DumpSession}), and
 * every schema-qualified name in it is checked. This is the second line: the restore runs as an account that can touch
 * the application database only ({@code RestoreAccount}), so what the policy misses fails on privileges.
 */
public final class DumpPolicy {

  /** How the restore runs a statement. */
  public enum Kind {
    /** a session setting: in order, and in force for the rows after it */
    SESSION,
    /** rows of one table ({@code INSERT … VALUES} of literal values): may run in parallel with other rows */
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
   * @param sql the statement to run instead of the dump's text (an object's {@code DEFINER} made the restoring
   *     account); null to run it as written
   */
  public record Classified(Kind kind, String table, String declines, String sql) {
    public Classified(Kind kind, String table, String declines) {
      this(kind, table, declines, null);
    }

    /** The text the restore runs for {@code statement}. */
    public String text(SqlStatement statement) {
      return sql != null ? sql : statement.text();
    }
  }

  private static final Set<String> OBJECTS = Set.of("VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT");
  /** Words no statement of a dump runs anywhere in it, bodies included. */
  private static final Set<String> FORBIDDEN = Set.of("GRANT", "REVOKE", "SHUTDOWN", "KILL", "INSTALL", "UNINSTALL",
      "SONAME", "PREPARE", "EXECUTE", "FLUSH", "LOAD_FILE", "OUTFILE", "DUMPFILE", "INFILE", "PURGE", "BINLOG",
      "GLOBAL", "PERSIST", "PERSIST_ONLY");
  private static final Set<String> ACCOUNTS_AND_SERVER = Set.of("USER", "ROLE", "DATABASE", "SCHEMA", "SERVER",
      "TABLESPACE", "LOGFILE", "INSTANCE");
  /** Where a qualified name is schema.table rather than table.column. */
  private static final Set<String> TABLE_POSITIONS = Set.of("FROM", "JOIN", "INTO", "UPDATE", "TABLE", "TABLES",
      "REFERENCES", "TO", "LIKE", "STRAIGHT_JOIN", "USING");
  /** Tokens up to VALUES at most: a column list of MariaDB's 4,096 columns, with its commas and parentheses. */
  private static final int ROWS_HEAD = 2 * 4096 + 16;
  private static final Set<String> ROWS_KEYWORDS = Set.of("VALUES", "VALUE");
  private static final Set<String> CREATE_FLAGS = Set.of("AGGREGATE", "UNIQUE", "FULLTEXT", "SPATIAL", "ONLINE",
      "OFFLINE");
  private static final Set<String> ALTER_FLAGS = Set.of("ONLINE", "IGNORE");
  private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "performance_schema", "sys", "information_schema");

  private final String database;
  private final DumpSession session;

  public DumpPolicy(String database) {
    this(database, new DumpSession());
  }

  public DumpPolicy(String database, DumpSession session) {
    this.database = database;
    this.session = session;
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
    Tokens head = Tokens.head(text, 2, session);
    String first = head.get(0).word();
    if (first.equals("INSERT") || first.equals("REPLACE")) {
      Classified rows = rows(statement);
      if (rows != null) {
        return rows;
      }
    }
    Tokens t = Tokens.of(text, session);
    checkEveryName(statement, t);
    return switch (first) {
      case "SET" -> {
        String before = session.characterSet();
        session.apply(statement, t, DumpPolicy::refused);
        yield new Classified(Kind.SESSION, null, !session.utf8() && !session.characterSet().equals(before)
            ? "the dump's rows are written in character set " + session.characterSet() + " (the engine sends UTF-8)"
            : null);
      }
      case "INSERT", "REPLACE" -> {
        forbiddenWords(statement, t);
        yield new Classified(Kind.BARRIER, tableAt(statement, t, intoTarget(t)), null);
      }
      case "CREATE" -> create(statement, t);
      case "DROP" -> drop(statement, t);
      case "ALTER" -> alter(statement, t);
      case "LOCK", "UNLOCK" -> (t.is(1, "TABLES") || t.is(1, "TABLE")) && noneOf(t, "FOR") ? skip() : refuse(statement, t);
      case "START" -> t.is(1, "TRANSACTION") && t.size() == 2 ? skip() : refuse(statement, t);
      case "BEGIN", "COMMIT", "ROLLBACK" -> {
        if (t.size() == 1 || (t.size() == 2 && t.is(1, "WORK"))) {
          yield skip();
        }
        throw refused(statement, "is " + first + " " + t.get(1).word() + ": a dump holds no anonymous block or "
            + "transaction control beyond BEGIN and COMMIT");
      }
      case "USE" -> {
        requireDatabase(statement, t.get(1));
        yield skip();
      }
      case "TRUNCATE" -> new Classified(Kind.TABLE, tableAt(statement, t, t.is(1, "TABLE") ? 2 : 1), null);
      case "RENAME", "UPDATE", "DELETE" -> {
        if (first.equals("RENAME") && !t.is(1, "TABLE")) {
          yield refuse(statement, t);
        }
        forbiddenWords(statement, t);
        yield new Classified(Kind.BARRIER, null, null);
      }
      case "SELECT" -> {
        if (t.is(1, "SETVAL") && t.is(2, "(") && t.get(t.size() - 1).text().equals(")")) {
          tableAt(statement, t, 3);
          for (int i = 3 + (t.is(4, ".") ? 3 : 1); i < t.size() - 1; i++) {
            Tokens.Token token = t.get(i);
            if (!token.text().equals(",") && !token.word().matches("[0-9]+|TRUE|FALSE") && !token.text().equals("-")) {
              yield refuse(statement, t);
            }
          }
          yield new Classified(Kind.BARRIER, null, null);
        }
        yield refuse(statement, t);
      }
      default -> refuse(statement, t);
    };
  }

  /**
   * {@code INSERT|REPLACE [IGNORE] [INTO] table [(columns)] VALUES (…), …} of literal values only, as a dump writes
   * rows; null for any other form (the caller checks it whole, as a barrier).
   */
  private Classified rows(SqlStatement s) {
    String text = s.text();
    Tokens t = Tokens.until(text, ROWS_KEYWORDS, ROWS_HEAD, session);
    int i = 1;
    while (t.is(i, "LOW_PRIORITY") || t.is(i, "DELAYED") || t.is(i, "HIGH_PRIORITY") || t.is(i, "IGNORE")) {
      i++;
    }
    if (t.is(i, "INTO")) {
      i++;
    }
    Tokens.Token name = t.get(i);
    if (!name.name() || t.is(i + 1, ".") && !t.get(i + 2).name()) {
      return null;
    }
    boolean qualified = t.is(i + 1, ".");
    String table = (qualified ? t.get(i + 2) : name).text();
    i += qualified ? 3 : 1;
    if (t.is(i, "(")) {
      i++;
      while (t.get(i).name() && (t.is(i + 1, ",") || t.is(i + 1, ")"))) {
        i += 2;
        if (t.is(i - 1, ")")) {
          break;
        }
      }
      if (!t.is(i - 1, ")")) {
        return null;
      }
    }
    if (!(t.is(i, "VALUES") || t.is(i, "VALUE")) || i >= t.size()) {
      return null;
    }
    if (!RowValues.literalOnly(text, t.get(i).end(), session)) {
      return null;
    }
    if (qualified) {
      requireDatabase(s, name);
    }
    return new Classified(Kind.ROWS, table, null);
  }

  /** Past the {@code INSERT} modifiers and {@code INTO}: where the target table stands. */
  private static int intoTarget(Tokens t) {
    int i = 1;
    while (t.is(i, "LOW_PRIORITY") || t.is(i, "DELAYED") || t.is(i, "HIGH_PRIORITY") || t.is(i, "IGNORE")) {
      i++;
    }
    return t.is(i, "INTO") ? i + 1 : i;
  }

  private Classified create(SqlStatement s, Tokens t) {
    int i = 1;
    if (t.is(i, "OR") && t.is(i + 1, "REPLACE")) {
      i += 2;
    }
    int from = i;
    i = pastOptions(t, i, CREATE_FLAGS);
    int definer = definerClause(t, from, i);
    String kind = t.get(i).word();
    if (t.get(i).quoted()) {
      kind = "";
    }
    switch (kind) {
      case "TABLE" -> {
        int at = skipIfExists(t, i + 1);
        String table = tableAt(s, t, at);
        if (t.find(at, "SELECT", "LIKE") >= 0) {
          forbiddenWords(s, t);
          return new Classified(Kind.BARRIER, null, null);
        }
        forbiddenWords(s, t);
        return new Classified(Kind.CREATE_TABLE, table, null);
      }
      case "SEQUENCE" -> {
        tableAt(s, t, skipIfExists(t, i + 1));
        return new Classified(Kind.BARRIER, null, null);
      }
      case "INDEX" -> {
        forbiddenWords(s, t);
        return new Classified(Kind.TABLE, tableAt(s, t, t.find(i, "ON") + 1), null);
      }
      case "DATABASE", "SCHEMA" -> {
        requireDatabase(s, t.get(skipIfExists(t, i + 1)));
        return skip();
      }
      case "VIEW", "TRIGGER", "PROCEDURE", "EVENT", "FUNCTION" -> {
        tableAt(s, t, skipIfExists(t, i + 1));
        if (kind.equals("TRIGGER")) {
          tableAt(s, t, t.find(i, "ON") + 1);
        }
        body(s, t);
        return new Classified(Kind.OBJECT, null, null, Definers.toCurrentUser(s.text(), t, definer));
      }
      case "TEMPORARY" -> throw refused(s, "creates a temporary table, which holds no data of the database");
      default -> {
        return refuse(s, t);
      }
    }
  }

  /**
   * A view, trigger, routine or event runs later, with its definer's privileges (an event on its own, on the event
   * scheduler): its body may do no more than the dump itself. Refused anywhere in it: privileges and accounts,
   * databases, server settings and shutdown, plugins, files on the server, dynamic SQL (which would hide what runs),
   * and names of another schema.
   */
  private void body(SqlStatement s, Tokens all) {
    forbiddenWords(s, all);
    for (int i = 0; i < all.size(); i++) {
      boolean statementVerb = all.is(i, "CREATE") || all.is(i, "DROP") || all.is(i, "ALTER") || all.is(i, "RENAME");
      if (statementVerb) {
        int j = i + 1;
        while (all.is(j, "OR") || all.is(j, "REPLACE") || all.is(j, "IF") || all.is(j, "NOT") || all.is(j, "EXISTS")) {
          j++;
        }
        if (ACCOUNTS_AND_SERVER.contains(all.get(j).word()) && !all.get(j).quoted()) {
          throw refused(s, "defines a stored object whose body runs " + all.get(i).word() + " " + all.get(j).word());
        }
      }
      if (all.is(i, "SET") && (all.is(i + 1, "PASSWORD") || all.is(i + 1, "ROLE") || all.is(i + 1, "DEFAULT")
          || all.is(i + 1, "STATEMENT"))) {
        throw refused(s, "defines a stored object whose body runs SET " + all.get(i + 1).word());
      }
    }
  }

  /** Words no statement of a dump holds outside strings and names, wherever they stand. */
  private static void forbiddenWords(SqlStatement s, Tokens all) {
    for (int i = 0; i < all.size(); i++) {
      Tokens.Token token = all.get(i);
      if (token.quoted()) {
        continue;
      }
      if (FORBIDDEN.contains(token.word())) {
        throw refused(s, "runs " + token.word() + ", which a dump may not hold");
      }
      if (token.word().startsWith("@@GLOBAL.")) {
        throw refused(s, "changes or reads a global server setting");
      }
      if (token.is("DIRECTORY")) {
        throw refused(s, "places files outside the server's data directory (DATA or INDEX DIRECTORY), which MariaDB "
            + "allows without the FILE privilege");
      }
      if (token.is("LOAD") && all.is(i + 1, "DATA") || token.is("LOAD") && all.is(i + 1, "XML")) {
        throw refused(s, "reads a file on the database server");
      }
    }
  }

  /**
   * Every schema-qualified name in the statement: a three-part name, a name where a table stands, and any name in a
   * system schema must be in the application database.
   */
  private void checkEveryName(SqlStatement s, Tokens all) {
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

  private Classified drop(SqlStatement s, Tokens t) {
    String kind = t.get(1).word();
    if (t.get(1).quoted()) {
      return refuse(s, t);
    }
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
    int i = pastOptions(t, 1, ALTER_FLAGS);
    int definer = definerClause(t, 1, i);
    String kind = t.get(i).quoted() ? "" : t.get(i).word();
    switch (kind) {
      case "TABLE" -> {
        int at = skipIfExists(t, i + 1);
        String table = tableAt(s, t, at);
        int next = at + (qualified(t, at) ? 3 : 1);
        if ((t.is(next, "DISABLE") || t.is(next, "ENABLE")) && t.is(next + 1, "KEYS") && t.size() <= next + 2) {
          return skip();
        }
        forbiddenWords(s, t);
        return new Classified(Kind.TABLE, table, null);
      }
      case "DATABASE", "SCHEMA" -> {
        Tokens.Token name = t.get(i + 1);
        if (!name.is("CHARACTER") && !name.is("DEFAULT") && !name.is("COLLATE") && !name.is("CHARSET")) {
          requireDatabase(s, name);
        }
        for (int j = i + 1; j < t.size(); j++) {
          if (t.is(j, "UPGRADE") || t.is(j, "DIRECTORY")) {
            return refuse(s, t);
          }
        }
        return new Classified(Kind.OBJECT, null, null);
      }
      case "VIEW", "PROCEDURE", "FUNCTION", "EVENT" -> {
        tableAt(s, t, skipIfExists(t, i + 1));
        body(s, t);
        return new Classified(Kind.OBJECT, null, null, Definers.toCurrentUser(s.text(), t, definer));
      }
      case "SEQUENCE" -> {
        tableAt(s, t, skipIfExists(t, i + 1));
        return new Classified(Kind.BARRIER, null, null);
      }
      default -> {
        return refuse(s, t);
      }
    }
  }

  /** Past the options before an object's kind: {@code ALGORITHM=…}, {@code DEFINER=…}, {@code SQL SECURITY …}, flags. */
  private static int pastOptions(Tokens t, int i, Set<String> flags) {
    while (true) {
      if (t.is(i, "ALGORITHM") && t.is(i + 1, "=")) {
        i += 3;
      } else if (t.is(i, "DEFINER") && t.is(i + 1, "=")) {
        i = Definers.endOfUser(t, i + 2);
      } else if (t.is(i, "SQL") && t.is(i + 1, "SECURITY")) {
        i += 3;
      } else if (!t.get(i).quoted() && flags.contains(t.get(i).word())) {
        i++;
      } else {
        return i;
      }
    }
  }

  /** The index of the {@code DEFINER =} keyword among the options from {@code from} to {@code to}; -1 when none. */
  private static int definerClause(Tokens t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (t.is(i, "DEFINER") && t.is(i + 1, "=")) {
        return i;
      }
    }
    return -1;
  }

  private static boolean noneOf(Tokens t, String word) {
    return t.find(0, word) < 0;
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
    if (at < 0 || at >= t.size() || !t.get(at).name()) {
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

  static ForbiddenStatementException refused(SqlStatement s, String why) {
    String text = s.text().length() > 200 ? s.text().substring(0, 200) : s.text();
    text = text.replaceAll("\\s+", " ");
    return new ForbiddenStatementException("the statement at line " + s.line() + " of the dump ("
        + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + ") " + why);
  }
}
