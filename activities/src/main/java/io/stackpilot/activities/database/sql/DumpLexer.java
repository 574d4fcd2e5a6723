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

  private static final int BUFFER = 1 << 16;
  /** The mariadb client's own limit on a delimiter. */
  static final int MAX_DELIMITER = 16;
  /**
   * The longest statement this JVM holds without risk: a sixteenth of the heap in characters (two bytes each, and a
   * growing buffer copies itself once), so that a statement of gigabytes is refused, not loaded into memory.
   */
  public static long memoryLimit() {
    return Runtime.getRuntime().maxMemory() / 16;
  }

  private final Reader in;
  private final int serverVersion;
  private final DumpSession session;
  private final long maxStatement;
  private long statementLine;
  private char[] buffer = new char[BUFFER];
  private int position;
  private int limit;
  private boolean eof;
  private long line = 1;
  private String delimiter = ";";

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
    this.in = in;
    this.serverVersion = serverVersion;
    this.session = session;
    this.maxStatement = maxStatement;
  }

  /** The next statement; null at the end of the dump. */
  public SqlStatement next() throws IOException {
    StringBuilder text = new StringBuilder(256);
    long start = -1;
    boolean clientCommand = false;
    int conditional = 0;
    while (true) {
      if (start < 0) {
        skipWhitespace();
        if (peek(0) < 0) {
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
          position += delimiter.length();
          continue;
        }
        start = line;
        statementLine = line;
      }
      if (text.length() > maxStatement) {
        throw tooLong();
      }
      int c = peek(0);
      if (c < 0) {
        return text.isEmpty() ? null : new SqlStatement(text.toString().strip(), start, clientCommand);
      }
      if (conditional == 0 && matchesDelimiter()) {
        position += delimiter.length();
        return new SqlStatement(text.toString().strip(), start, clientCommand);
      }
      switch (c) {
        case '\'', '"', '`' -> quoted(text, (char) c);
        case '-', '#' -> {
          if (!comment()) {
            text.append((char) c);
            position++;
          } else {
            text.append(' ');
          }
        }
        case '/' -> {
          if (peek(1) == '*') {
            int opened = openComment();
            if (opened > 0) {
              conditional++;
            }
            text.append(' ');
          } else {
            text.append('/');
            position++;
          }
        }
        case '*' -> {
          position++;
          if (conditional > 0 && peek(0) == '/') {
            position++;
            conditional--;
            text.append(' ');
          } else {
            text.append('*');
          }
        }
        case '\\' -> {
          clientCommand = true;
          text.append('\\');
          position++;
        }
        case '\n' -> {
          line++;
          text.append('\n');
          position++;
        }
        default -> plainRun(text);
      }
    }
  }

  /** Copies characters up to the next one that may matter to the lexer. */
  private void plainRun(StringBuilder text) {
    char first = delimiter.charAt(0);
    int from = position;
    int i = position;
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
      position = i + 1;
      return;
    }
    text.append(buffer, from, i - from);
    position = i;
  }

  private void quoted(StringBuilder text, char quote) throws IOException {
    text.append(quote);
    position++;
    boolean escapes = quote != '`' && !session.noBackslashEscapes() && !(quote == '"' && session.ansiQuotes());
    while (true) {
      if (text.length() > maxStatement) {
        throw tooLong();
      }
      if (position >= limit && !fill(1)) {
        return;
      }
      int from = position;
      int i = position;
      while (i < limit) {
        char c = buffer[i];
        if (c == quote || c == '\n' || (escapes && c == '\\')) {
          break;
        }
        i++;
      }
      text.append(buffer, from, i - from);
      position = i;
      if (i >= limit) {
        continue;
      }
      char c = buffer[i];
      if (c == '\n') {
        line++;
        text.append('\n');
        position++;
      } else if (c == '\\') {
        text.append('\\');
        position++;
        int escaped = peek(0);
        if (escaped >= 0) {
          if (escaped == '\n') {
            line++;
          }
          text.append((char) escaped);
          position++;
        }
      } else {
        text.append(quote);
        position++;
        if (peek(0) == quote) {
          text.append(quote);
          position++;
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
    int c = peek(0);
    if (c == '#' || (c == '-' && peek(1) == '-' && (peek(2) < 0 || peek(2) <= ' '))) {
      while (peek(0) >= 0 && peek(0) != '\n') {
        position++;
      }
      return true;
    }
    if (c == '/' && peek(1) == '*') {
      int mark = position;
      if (openComment() > 0) {
        position = mark;
        return false;
      }
      return true;
    }
    return false;
  }

  /**
   * At {@code /*}: a conditional comment the server runs is entered (returns its version, at least 1); any other
   * comment is skipped to its end (returns 0).
   */
  private int openComment() throws IOException {
    position += 2;
    int offset = 0;
    if (peek(0) == '!') {
      offset = 1;
    } else if (peek(0) == 'M' && peek(1) == '!') {
      offset = 2;
    }
    if (offset > 0) {
      // As the server's lexer: a version is exactly five or six digits (fewer are not a version, and the comment's
      // text runs from the '!' on, digits included); MySQL 5.7+ versions (50700 to 99999) are ignored unless the
      // comment is MariaDB's own (/*M!).
      int digits = 0;
      while (digits < 6 && Character.isDigit(peek(offset + digits))) {
        digits++;
      }
      if (digits < 5) {
        position += offset;
        return 1;
      }
      int version = 0;
      for (int i = 0; i < digits; i++) {
        version = version * 10 + (peek(offset + i) - '0');
      }
      boolean mysqlOnly = offset == 1 && version >= 50700 && version <= 99999;
      if (version <= serverVersion && !mysqlOnly) {
        position += offset + digits;
        return Math.max(1, version);
      }
    }
    boolean conditional = offset > 0;
    while (true) {
      int c = peek(0);
      if (c < 0) {
        return 0;
      }
      position++;
      if (c == '\n') {
        line++;
      } else if (c == '*' && peek(0) == '/') {
        position++;
        return 0;
      } else if (c == '\\' && conditional && peek(0) != '-') {
        // The mariadb client runs its commands inside versioned comments whatever the version (only \- turns its
        // sandbox on, as mariadb-dump writes).
        throw new ForbiddenStatementException("the versioned comment at line " + line + " of the dump holds a command "
            + "of the mariadb client (\\" + (peek(0) < 0 ? "" : String.valueOf((char) peek(0))) + "), not SQL");
      }
    }
  }

  private ForbiddenStatementException tooLong() {
    return new ForbiddenStatementException("the statement at line " + statementLine + " of the dump is longer than "
        + maxStatement + " characters (the server's max_allowed_packet): the server would refuse it, and the restore "
        + "does not hold it in memory");
  }

  private void skipWhitespace() throws IOException {
    while (true) {
      int c = peek(0);
      if (c < 0 || !Character.isWhitespace(c)) {
        return;
      }
      if (c == '\n') {
        line++;
      }
      position++;
    }
  }

  private boolean startsDelimiterCommand() throws IOException {
    String word = "delimiter";
    for (int i = 0; i < word.length(); i++) {
      int c = peek(i);
      if (c < 0 || Character.toLowerCase((char) c) != word.charAt(i)) {
        return false;
      }
    }
    int after = peek(word.length());
    return after == ' ' || after == '\t';
  }

  private void readDelimiterCommand() throws IOException {
    StringBuilder rest = new StringBuilder();
    position += "delimiter".length();
    while (peek(0) >= 0 && peek(0) != '\n') {
      if (rest.length() > MAX_DELIMITER + 256) {
        throw new ForbiddenStatementException("the DELIMITER line at line " + line + " of the dump is longer than a "
            + "delimiter can be (" + MAX_DELIMITER + " characters)");
      }
      rest.append((char) peek(0));
      position++;
    }
    String value = rest.toString().strip();
    int space = value.indexOf(' ');
    String next = space < 0 ? value : value.substring(0, space);
    if (next.isEmpty()) {
      throw new ForbiddenStatementException("the DELIMITER at line " + line + " of the dump names no delimiter");
    }
    if (next.length() > MAX_DELIMITER || next.indexOf('\\') >= 0) {
      throw new ForbiddenStatementException("the DELIMITER at line " + line + " of the dump is longer than "
          + MAX_DELIMITER + " characters or holds a backslash, which the mariadb client does not accept");
    }
    delimiter = next;
  }

  private boolean matchesDelimiter() throws IOException {
    for (int i = 0; i < delimiter.length(); i++) {
      if (peek(i) != delimiter.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The character {@code offset} ahead of the position, or -1 past the end. */
  private int peek(int offset) throws IOException {
    if (position + offset >= limit && !fill(offset + 1)) {
      return -1;
    }
    return buffer[position + offset];
  }

  /** Makes at least {@code wanted} characters available from the position; false when the dump ends first. */
  private boolean fill(int wanted) throws IOException {
    while (limit - position < wanted) {
      if (eof) {
        return false;
      }
      if (position > 0) {
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
      }
      if (limit == buffer.length) {
        char[] larger = new char[buffer.length * 2];
        System.arraycopy(buffer, 0, larger, 0, limit);
        buffer = larger;
      }
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
    return true;
  }
}
