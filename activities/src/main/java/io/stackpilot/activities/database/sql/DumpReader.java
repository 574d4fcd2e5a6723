package io.stackpilot.activities.database.sql;

import java.io.IOException;
import java.io.Reader;

/**
 * A dump read as the server would read it: the lexer splits it, the session follows its settings, the policy checks
 * each statement; one statement in memory at a time, none longer than the server takes.
 */
public final class DumpReader {

  /** A statement of the dump and what the restore does with it. */
  public record Checked(SqlStatement statement, DumpPolicy.Classified what) {
    /** The text the restore runs. */
    public String text() {
      return what.text(statement);
    }
  }

  private final DumpLexer lexer;
  private final DumpPolicy policy;
  private final DumpSession session;

  /**
   * @param serverVersion the server's version as conditional comments compare it
   * @param serverSqlMode the server's {@code @@global.sql_mode}
   * @param maxStatement characters a statement may have at most
   */
  public DumpReader(Reader in, String database, int serverVersion, String serverSqlMode, long maxStatement) {
    this(in, database, serverVersion, serverSqlMode, maxStatement, true);
  }

  /** {@code checkValues}: false for a dump read and never run; see {@link DumpPolicy}. */
  DumpReader(Reader in, String database, int serverVersion, String serverSqlMode, long maxStatement,
      boolean checkValues) {
    this.session = new DumpSession(serverSqlMode);
    this.lexer = new DumpLexer(in, serverVersion, session, maxStatement);
    this.policy = new DumpPolicy(database, session, checkValues);
  }

  /** The next statement, checked; null at the end. Throws {@link ForbiddenStatementException} for one refused. */
  public Checked next() throws IOException {
    SqlStatement statement = lexer.next();
    return statement == null ? null : new Checked(statement, policy.classify(statement));
  }

  /** The next statement without checking it (for reading a dump's rows, not restoring it); null at the end. */
  public SqlStatement nextUnchecked() throws IOException {
    return lexer.next();
  }

  /** Checks a statement {@link #nextUnchecked()} returned, in order. */
  public DumpPolicy.Classified check(SqlStatement statement) {
    return policy.classify(statement);
  }

  /** See {@link DumpLexer#bounds()}. */
  public DumpLexer.Bounds bounds() {
    return lexer.bounds();
  }

  public DumpSession session() {
    return session;
  }
}
