package io.stackpilot.bench;

import io.stackpilot.activities.database.sql.DumpLexer;
import io.stackpilot.activities.database.sql.DumpSession;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The dump lexer stays linear on the shapes a hostile dump can take: the time per MiB at four times the size over the
 * time per MiB at the size. A quadratic step (rescanning a statement, a delimiter, a string) shows as a ratio near 4.
 * No other tool reads a dump without a server; the target is the ratio.
 */
final class LexerBench {

  private static final int SERVER = 101111;

  /** A dump of {@code head}, {@code unit} repeated to {@code bytes}, and {@code tail}, generated as it is read. */
  private record Shape(String name, String head, String unit, String tail, long small) {}

  private static final List<Shape> SHAPES = List.of(
      new Shape("one statement holding one long string", "INSERT INTO t VALUES ('", "abc;def\\'", "');\n", 4L << 20),
      new Shape("short rows with quotes, escapes and semicolons in strings",
          "", "INSERT INTO t VALUES (1,'a;b\\'c','d\"e'),(2,'x''y',NULL);\n", "", 8L << 20),
      new Shape("comments of every kind", "", "/* a; 'b */ -- c; 'd\n# e; \"f\n/*!40101 SET NAMES utf8mb4 */;\n", "",
          8L << 20),
      new Shape("a 16-character DELIMITER and near misses of it", "DELIMITER $$$$$$$$$$$$$$$$\n",
          "INSERT INTO t VALUES (1) $$$$$$$$$$$$$$$x $$$$$$$$$$$$$$$$\n", "", 8L << 20),
      new Shape("runs of backslashes in strings", "", "INSERT INTO t VALUES ('\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\');\n", "",
          8L << 20));

  private LexerBench() {}

  static List<Measurement> measure(int runs) {
    List<Measurement> lines = new ArrayList<>();
    for (Shape shape : SHAPES) {
      Measurement line = Measurement.alone("lexing a dump of " + shape.name() + ": time per MiB at "
              + (shape.small() * 4 >> 20) + " MiB over at " + (shape.small() >> 20) + " MiB",
          "DumpLexer over a generated dump", "≤ 1.5 (linear)", "ratio", 1.5);
      lex(shape, shape.small() * 4);
      try (PeakHeap heap = new PeakHeap()) {
        for (int run = 1; run <= runs; run++) {
          Bench.log("lexer run " + run + ": " + shape.name());
          double small = Shell.timed(() -> lex(shape, shape.small()));
          double large = Shell.timed(() -> lex(shape, shape.small() * 4));
          line.ours.add(large / 4 / small);
        }
        line.peakHeapBytes = heap.peak();
      }
      lines.add(line);
    }
    return lines;
  }

  private static void lex(Shape shape, long bytes) {
    DumpLexer lexer = new DumpLexer(new Generated(shape, bytes), SERVER, new DumpSession(), 64L << 20);
    try {
      long statements = 0;
      while (lexer.next() != null) {
        statements++;
      }
      if (statements == 0) {
        throw new IllegalStateException("the lexer read no statement of " + shape.name());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Characters of a shape, made as they are read: the dump is never in memory as a whole. */
  private static final class Generated extends Reader {
    private final String head;
    private final String unit;
    private final String tail;
    private long units;
    private String current;
    private int at;
    private int stage;

    Generated(Shape shape, long bytes) {
      this.head = shape.head();
      this.unit = shape.unit();
      this.tail = shape.tail();
      this.units = Math.max(1, bytes / unit.length());
      this.current = head;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      while (at == current.length()) {
        if (stage < 2 && units > 0) {
          stage = 1;
          units--;
          current = unit;
        } else if (stage < 2) {
          stage = 2;
          current = tail;
        } else {
          return -1;
        }
        at = 0;
      }
      int n = Math.min(length, current.length() - at);
      current.getChars(at, at + n, buffer, offset);
      at += n;
      return n;
    }

    @Override
    public void close() {
      // nothing is held
    }
  }
}
