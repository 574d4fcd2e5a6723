package io.stackpilot.activities.database;

import com.github.luben.zstd.ZstdInputStream;
import io.stackpilot.activities.database.sql.DumpPolicy;
import io.stackpilot.activities.database.sql.DumpReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a verified dump through the mariadb client in the database container, for rows the restore engine cannot send
 * as text. The client never sees the dump as written: it is given the statements the policy checked, one after the
 * other with delimiters chosen here, without comments, versioned comments or client commands, each object's
 * {@code DEFINER} made the restore account's — read byte for byte (ISO-8859-1 maps each byte to one character, and in
 * every character set a dump may use, ASCII bytes stand for themselves). It runs as the restore account, over TCP (no
 * anonymous local account shadows it), in the client's sandbox (no command reaches the file system) and binary mode
 * (no client command is read at all but {@code DELIMITER}).
 */
final class ClientLoad {

  private static final Pattern AT_LINE = Pattern.compile("at line (\\d+)");

  private final MariaDbShell shell;
  private final String database;
  private final DumpScan.Server server;
  private long[] scriptLines = new long[64];
  private long[] dumpLines = new long[64];
  private int statements;

  ClientLoad(MariaDbShell shell, String database, DumpScan.Server server) {
    this.shell = shell;
    this.database = database;
    this.server = server;
  }

  /** Whether the container's client has the sandbox mode that keeps a dump's commands off the file system. */
  static boolean hasSandbox(MariaDbShell shell) {
    return shell.clientHelp().contains("--sandbox");
  }

  void load(RestoreAccount account, StagedPart staged, Duration timeout) {
    AtomicReference<Throwable> failed = new AtomicReference<>();
    try (PipedInputStream script = new PipedInputStream(1 << 16)) {
      PipedOutputStream sink = new PipedOutputStream(script);
      Thread writer = new Thread(() -> {
        try (sink) {
          write(staged, sink);
        } catch (Throwable e) {
          failed.set(e);
        }
      }, "stackpilot-restore-client-script");
      writer.setDaemon(true);
      writer.start();
      try {
        shell.loadAs(account.user(), account.password(), database, script, timeout);
      } catch (DatabaseException e) {
        throw new DatabaseException(withDumpLine(e.getMessage()));
      } finally {
        script.close();
        writer.join();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("feeding the mariadb client failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("the restore through the mariadb client was interrupted");
    }
    Throwable writing = failed.get();
    if (writing instanceof RuntimeException e) {
      throw e;
    }
    if (writing != null) {
      throw new DatabaseException("writing the statements for the mariadb client failed: " + writing.getMessage());
    }
  }

  private void write(StagedPart staged, OutputStream sink) throws IOException {
    try (InputStream sql = new ZstdInputStream(staged.open())) {
      DumpReader dump = new DumpReader(new InputStreamReader(sql, StandardCharsets.ISO_8859_1), database,
          server.version(), server.sqlMode(), server.maxStatement());
      String delimiter = ";";
      long line = 1;
      for (DumpReader.Checked checked = dump.next(); checked != null; checked = dump.next()) {
        if (checked.what().kind() == DumpPolicy.Kind.SKIP) {
          continue;
        }
        String text = checked.text();
        String needed = delimiterFor(text);
        StringBuilder out = new StringBuilder(text.length() + 40);
        if (!needed.equals(delimiter)) {
          out.append("DELIMITER ").append(needed).append('\n');
          line++;
          delimiter = needed;
        }
        remember(line, checked.statement().line());
        out.append(text).append('\n').append(delimiter).append('\n');
        line += text.chars().filter(c -> c == '\n').count() + 2;
        sink.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
      }
    }
  }

  /** {@code ;} unless the statement holds one; then {@code $$}, as many as it takes. */
  private static String delimiterFor(String text) {
    if (text.indexOf(';') < 0) {
      return ";";
    }
    String delimiter = "$$";
    while (text.contains(delimiter)) {
      delimiter += "$";
      if (delimiter.length() > 16) {
        throw new DatabaseException("a statement holds every delimiter the mariadb client accepts; it cannot be sent");
      }
    }
    return delimiter;
  }

  private void remember(long scriptLine, long dumpLine) {
    if (statements == scriptLines.length) {
      scriptLines = Arrays.copyOf(scriptLines, statements * 2);
      dumpLines = Arrays.copyOf(dumpLines, statements * 2);
    }
    scriptLines[statements] = scriptLine;
    dumpLines[statements] = dumpLine;
    statements++;
  }

  /** The client names a line of what it was given: name the dump's line of that statement too. */
  private String withDumpLine(String message) {
    Matcher at = AT_LINE.matcher(message);
    if (!at.find() || statements == 0) {
      return message;
    }
    long scriptLine = Long.parseLong(at.group(1));
    int index = Arrays.binarySearch(scriptLines, 0, statements, scriptLine);
    if (index < 0) {
      index = Math.max(0, -index - 2);
    }
    return message + " (the statement at line " + dumpLines[index] + " of the dump)";
  }
}
