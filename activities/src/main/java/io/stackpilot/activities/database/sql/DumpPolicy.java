package io.stackpilot.activities.database.sql;

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

  /** Tokens up to VALUES at most: a column list of MariaDB's 4,096 columns, with its commas and parentheses. */
  private static final int ROWS_HEAD = 2 * 4096 + 16;
  private static final Set<String> ROWS_KEYWORDS = Set.of("VALUES", "VALUE");

  private final NameGuard names;
  private final Definitions definitions;
  private final DumpSession session;
  private final boolean checkValues;

  public DumpPolicy(String database) {
    this(database, new DumpSession());
  }

  public DumpPolicy(String database, DumpSession session) {
    this(database, session, true);
  }

  /**
   * {@code checkValues}: false classifies an {@code INSERT … VALUES} as rows by its head alone, without reading every
   * value for a non-literal: for reading a dump that is never run ({@link TableFingerprints}).
   */
  DumpPolicy(String database, DumpSession session, boolean checkValues) {
    this.names = new NameGuard(database);
    this.definitions = new Definitions(names);
    this.session = session;
    this.checkValues = checkValues;
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
    names.checkEveryName(statement, t);
    return switch (first) {
      case "SET" -> {
        String before = session.characterSet();
        session.apply(statement, t, DumpPolicy::refused);
        yield new Classified(Kind.SESSION, null, !session.utf8() && !session.characterSet().equals(before)
            ? "the dump's rows are written in character set " + session.characterSet() + " (the engine sends UTF-8)"
            : null);
      }
      case "INSERT", "REPLACE" -> {
        NameGuard.forbiddenWords(statement, t);
        yield new Classified(Kind.BARRIER, names.tableAt(statement, t, intoTarget(t)), null);
      }
      case "CREATE" -> definitions.create(statement, t);
      case "DROP" -> definitions.drop(statement, t);
      case "ALTER" -> definitions.alter(statement, t);
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
        names.requireDatabase(statement, t.get(1));
        yield skip();
      }
      case "TRUNCATE" -> new Classified(Kind.TABLE, names.tableAt(statement, t, t.is(1, "TABLE") ? 2 : 1), null);
      case "RENAME", "UPDATE", "DELETE" -> {
        if (first.equals("RENAME") && !t.is(1, "TABLE")) {
          yield refuse(statement, t);
        }
        NameGuard.forbiddenWords(statement, t);
        yield new Classified(Kind.BARRIER, null, null);
      }
      case "SELECT" -> {
        if (t.is(1, "SETVAL") && t.is(2, "(") && t.get(t.size() - 1).text().equals(")")) {
          names.tableAt(statement, t, 3);
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
  /**
   * The head of an {@code INSERT}'s rows, up to its {@code VALUES}, as the policy reads it when the statement was read
   * under the default quoting rules.
   */
  static Tokens rowsHead(String insert) {
    return Tokens.until(insert, ROWS_KEYWORDS, ROWS_HEAD);
  }

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
    if (checkValues && !RowValues.literalOnly(text, t.get(i).end(), session)) {
      return null;
    }
    if (qualified) {
      names.requireDatabase(s, name);
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

  private static boolean noneOf(Tokens t, String word) {
    return t.find(0, word) < 0;
  }

  static Classified skip() {
    return new Classified(Kind.SKIP, null, null);
  }

  static Classified refuse(SqlStatement s, Tokens t) {
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
