package io.stackpilot.activities.database.sql;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits a SQL dump into statements the way the mariadb client does: quotes ({@code '…'}, {@code "…"}, {@code `…`}
 * with their doubling and backslash escapes), {@code --} and {@code #} line comments, block comments, conditional
 * comments ({@code /*!NNNNN} and {@code /*M!NNNNNN}, run when the server's version reaches NNNNN, otherwise a comment),
 * and {@code DELIMITER} lines for routines and triggers. Streams: one statement in memory at a time.
 */
public final class DumpLexer {

  /** The mariadb client's own limit on a delimiter. */
  static final int MAX_DELIMITER = 16;
  private static final int KEPT_BUFFER = 4 << 20;
  /**
   * The longest statement this JVM holds without risk: a sixteenth of the heap in characters (two bytes each, and a
   * growing buffer copies itself once), so that a statement of gigabytes is refused, not loaded into memory.
   */
  public static long memoryLimit() {
    return Runtime.getRuntime().maxMemory() / 16;
  }

  private final DumpInput in;
  private final int serverVersion;
  private final DumpSession session;
  private final long maxStatement;
  private long statementLine;
  private String delimiter = ";";
  private StringBuilder text = new StringBuilder(256);
  private int versionAtLeast;
  private int versionBelow = Integer.MAX_VALUE;
  private long longest;

  /** @param serverVersion the server's version as in conditional comments: 10.11.6 is 101106 */
  public DumpLexer(Reader in, int serverVersion) {
    this(in, serverVersion, new DumpSession(), memoryLimit());
  }

  /**
   * @param session the SQL mode the server reads the next statement in, followed as the dump changes it
   * @param maxStatement characters a statement may have at most (the server's {@code max_allowed_packet}): a longer
   *     one, or a string that never closes, is refused when it reaches that size, before it fills the memory
   */
  public DumpLexer(Reader in, int serverVersion, DumpSession session, long maxStatement) {
    this.in = new DumpInput(in);
    this.serverVersion = serverVersion;
    this.session = session;
    this.maxStatement = maxStatement;
  }

  /** The next statement; null at the end of the dump. */
  public SqlStatement next() throws IOException {
    // One buffer for every statement: extended inserts of a megabyte each would otherwise grow a new one by doubling,
    // a few megabytes of garbage per statement. One far larger than a dump's usual statement is not kept.
    if (text.capacity() > KEPT_BUFFER) {
      text = new StringBuilder(256);
    }
    text.setLength(0);
    long start = -1;
    boolean clientCommand = false;
    int conditional = 0;
    while (true) {
      if (start < 0) {
        in.skipWhitespace();
        if (in.peek(0) < 0) {
          return null;
        }
        if (startsDelimiterCommand()) {
          readDelimiterCommand();
          continue;
        }
        if (comment()) {
          continue;
        }
        if (matchesDelimiter()) {
          in.position += delimiter.length();
          continue;
        }
        start = in.line;
        statementLine = in.line;
      }
      if (text.length() > maxStatement) {
        throw tooLong();
      }
      int c = in.peek(0);
      if (c < 0) {
        return text.isEmpty() ? null : statement(start, clientCommand);
      }
      if (conditional == 0 && matchesDelimiter()) {
        in.position += delimiter.length();
        return statement(start, clientCommand);
      }
      switch (c) {
        case '\'', '"', '`' -> quoted(text, (char) c);
        case '-', '#' -> {
          if (!comment()) {
            text.append((char) c);
            in.position++;
          } else {
            text.append(' ');
          }
        }
        case '/' -> {
          if (in.peek(1) == '*') {
            int opened = openComment();
            if (opened > 0) {
              conditional++;
            }
            text.append(' ');
          } else {
            text.append('/');
            in.position++;
          }
        }
        case '*' -> {
          in.position++;
          if (conditional > 0 && in.peek(0) == '/') {
            in.position++;
            conditional--;
            text.append(' ');
          } else {
            text.append('*');
          }
        }
        case '\\' -> {
          clientCommand = true;
          text.append('\\');
          in.position++;
        }
        case '\n' -> {
          in.line++;
          text.append('\n');
          in.position++;
        }
        default -> plainRun(text);
      }
    }
  }

  private SqlStatement statement(long start, boolean clientCommand) {
    longest = Math.max(longest, text.length());
    return new SqlStatement(text.toString().strip(), start, clientCommand);
  }

  /**
   * The servers that read what was read so far exactly as it was read: a version that runs the same conditional
   * comments, and a statement size limit that takes the longest statement. Whatever else the reading depended on (the
   * SQL mode) the caller compares itself.
   */
  public Bounds bounds() {
    return new Bounds(versionAtLeast, versionBelow, longest);
  }

  /**
   * @param versionAtLeast the highest version of a conditional comment that ran: a server below it skips that comment
   * @param versionBelow the lowest version of one that was skipped: a server at or above it runs that comment
   * @param longestStatement characters of the longest statement
   */
  public record Bounds(int versionAtLeast, int versionBelow, long longestStatement) {
    public boolean hold(int serverVersion, long maxStatement) {
      return serverVersion >= versionAtLeast && serverVersion < versionBelow && longestStatement <= maxStatement;
    }
  }

  /** Copies characters up to the next one that may matter to the lexer. */
  private void plainRun(StringBuilder text) {
    char first = delimiter.charAt(0);
    char[] buffer = in.buffer;
    int limit = in.limit;
    int from = in.position;
    int i = in.position;
    while (i < limit) {
      char c = buffer[i];
      if (c == first || c == '\'' || c == '"' || c == '`' || c == '-' || c == '#' || c == '/' || c == '*' || c == '\\'
          || c == '\n') {
        break;
      }
      i++;
    }
    if (i == from) {
      text.append(buffer[i]);
      in.position = i + 1;
      return;
    }
    text.append(buffer, from, i - from);
    in.position = i;
  }

  private void quoted(StringBuilder text, char quote) throws IOException {
    text.append(quote);
    in.position++;
    boolean escapes = quote != '`' && !session.noBackslashEscapes() && !(quote == '"' && session.ansiQuotes());
    while (true) {
      if (text.length() > maxStatement) {
        throw tooLong();
      }
      if (in.position >= in.limit && !in.fill(1)) {
        return;
      }
      char[] buffer = in.buffer;
      int limit = in.limit;
      int from = in.position;
      int i = in.position;
      while (i < limit) {
        char c = buffer[i];
        if (c == quote || c == '\n' || (escapes && c == '\\')) {
          break;
        }
        i++;
      }
      text.append(buffer, from, i - from);
      in.position = i;
      if (i >= limit) {
        continue;
      }
      char c = buffer[i];
      if (c == '\n') {
        in.line++;
        text.append('\n');
        in.position++;
      } else if (c == '\\') {
        text.append('\\');
        in.position++;
        int escaped = in.peek(0);
        if (escaped >= 0) {
          if (escaped == '\n') {
            in.line++;
          }
          text.append((char) escaped);
          in.position++;
        }
      } else {
        text.append(quote);
        in.position++;
        if (in.peek(0) == quote) {
          text.append(quote);
          in.position++;
        } else {
          return;
        }
      }
    }
  }

  /**
   * Skips a comment at the position, if one starts there; a conditional comment the server runs is not skipped.
   * Returns whether it skipped one.
   */
  private boolean comment() throws IOException {
    int c = in.peek(0);
    if (c == '#' || (c == '-' && in.peek(1) == '-' && (in.peek(2) < 0 || in.peek(2) <= ' '))) {
      while (in.peek(0) >= 0 && in.peek(0) != '\n') {
        in.position++;
      }
      return true;
    }
    if (c == '/' && in.peek(1) == '*') {
      in.mark();
      if (openComment() > 0) {
        in.reset();
        return false;
      }
      in.unmark();
      return true;
    }
    return false;
  }

  /**
   * At {@code /*}: a conditional comment the server runs is entered (returns its version, at least 1); any other
   * comment is skipped to its end (returns 0).
   */
  private int openComment() throws IOException {
    in.position += 2;
    int offset = 0;
    if (in.peek(0) == '!') {
      offset = 1;
    } else if (in.peek(0) == 'M' && in.peek(1) == '!') {
      offset = 2;
    }
    if (offset > 0) {
      // As the server's lexer: a version is exactly five or six digits (fewer are not a version, and the comment's
      // text runs from the '!' on, digits included); MySQL 5.7+ versions (50700 to 99999) are ignored unless the
      // comment is MariaDB's own (/*M!).
      int digits = 0;
      while (digits < 6 && Character.isDigit(in.peek(offset + digits))) {
        digits++;
      }
      if (digits < 5) {
        in.position += offset;
        return 1;
      }
      int version = 0;
      for (int i = 0; i < digits; i++) {
        version = version * 10 + (in.peek(offset + i) - '0');
      }
      boolean mysqlOnly = offset == 1 && version >= 50700 && version <= 99999;
      if (version <= serverVersion && !mysqlOnly) {
        versionAtLeast = Math.max(versionAtLeast, version);
        in.position += offset + digits;
        return Math.max(1, version);
      }
      if (!mysqlOnly) {
        versionBelow = Math.min(versionBelow, version);
      }
    }
    boolean conditional = offset > 0;
    while (true) {
      int c = in.peek(0);
      if (c < 0) {
        return 0;
      }
      in.position++;
      if (c == '\n') {
        in.line++;
      } else if (c == '*' && in.peek(0) == '/') {
        in.position++;
        return 0;
      } else if (c == '\\' && conditional && in.peek(0) != '-') {
        // The mariadb client runs its commands inside versioned comments whatever the version (only \- turns its
        // sandbox on, as mariadb-dump writes).
        throw new ForbiddenStatementException("the versioned comment at line " + in.line + " of the dump holds a command "
            + "of the mariadb client (\\" + (in.peek(0) < 0 ? "" : String.valueOf((char) in.peek(0))) + "), not SQL");
      }
    }
  }

  private ForbiddenStatementException tooLong() {
    return new ForbiddenStatementException("the statement at line " + statementLine + " of the dump is longer than "
        + maxStatement + " characters (the server's max_allowed_packet): the server would refuse it, and the restore "
        + "does not hold it in memory");
  }

  private boolean startsDelimiterCommand() throws IOException {
    String word = "delimiter";
    for (int i = 0; i < word.length(); i++) {
      int c = in.peek(i);
      if (c < 0 || Character.toLowerCase((char) c) != word.charAt(i)) {
        return false;
      }
    }
    int after = in.peek(word.length());
    return after == ' ' || after == '\t';
  }

  private void readDelimiterCommand() throws IOException {
    StringBuilder rest = new StringBuilder();
    in.position += "delimiter".length();
    while (in.peek(0) >= 0 && in.peek(0) != '\n') {
      if (rest.length() > MAX_DELIMITER + 256) {
        throw new ForbiddenStatementException("the DELIMITER line at line " + in.line + " of the dump is longer than a "
            + "delimiter can be (" + MAX_DELIMITER + " characters)");
      }
      rest.append((char) in.peek(0));
      in.position++;
    }
    String value = rest.toString().strip();
    int space = value.indexOf(' ');
    String next = space < 0 ? value : value.substring(0, space);
    if (next.isEmpty()) {
      throw new ForbiddenStatementException("the DELIMITER at line " + in.line + " of the dump names no delimiter");
    }
    if (next.length() > MAX_DELIMITER || next.indexOf('\\') >= 0) {
      throw new ForbiddenStatementException("the DELIMITER at line " + in.line + " of the dump is longer than "
          + MAX_DELIMITER + " characters or holds a backslash, which the mariadb client does not accept");
    }
    delimiter = next;
  }

  private boolean matchesDelimiter() throws IOException {
    for (int i = 0; i < delimiter.length(); i++) {
      if (in.peek(i) != delimiter.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
