package io.stackpilot.activities.database.sql;

import java.io.IOException;
import java.io.Reader;

/**
 * The dump's characters as the lexer reads them: a window over the reader that grows only as far as the lexer looks
 * ahead, and the line the position is on. The lexer works on the window's fields directly, as its inner loops must.
 */
final class DumpInput {

  private static final int BUFFER = 1 << 16;

  private final Reader source;
  char[] buffer = new char[BUFFER];
  int position;
  int limit;
  long line = 1;
  private boolean eof;
  /** Where {@link #mark} was, while it holds: the window keeps the characters from there when it refills. */
  private int marked = -1;

  DumpInput(Reader source) {
    this.source = source;
  }

  /** The character {@code offset} ahead of the position, or -1 past the end. */
  int peek(int offset) throws IOException {
    if (position + offset >= limit && !fill(offset + 1)) {
      return -1;
    }
    return buffer[position + offset];
  }

  /** Makes at least {@code wanted} characters available from the position; false when the dump ends first. */
  boolean fill(int wanted) throws IOException {
    while (limit - position < wanted) {
      if (eof) {
        return false;
      }
      int keep = marked >= 0 ? marked : position;
      if (keep > 0) {
        System.arraycopy(buffer, keep, buffer, 0, limit - keep);
        limit -= keep;
        position -= keep;
        if (marked >= 0) {
          marked = 0;
        }
      }
      if (limit == buffer.length) {
        char[] larger = new char[buffer.length * 2];
        System.arraycopy(buffer, 0, larger, 0, limit);
        buffer = larger;
      }
      int n = source.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
    return true;
  }

  /**
   * Remembers the position, so that {@link #reset} can return to it however far the lexer reads ahead meanwhile: a
   * refill moves the window's characters, so an index kept outside would point at others.
   */
  void mark() {
    marked = position;
  }

  /** Back to where {@link #mark} was; the mark is gone. */
  void reset() {
    position = marked;
    marked = -1;
  }

  /** Drops the mark without going back. */
  void unmark() {
    marked = -1;
  }

  void skipWhitespace() throws IOException {
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
}
