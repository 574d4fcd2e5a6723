package io.stackpilot.activities.database;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in the binary log a dump stands, read from its header as it streams past: mariadb-dump with
 * {@code --master-data=2} writes it as a comment, taken inside the dump's consistent snapshot. Only the first bytes
 * are looked at; the rest passes untouched.
 */
final class DumpPosition extends FilterOutputStream {

  private static final int HEAD = 64 << 10;
  private static final Pattern CHANGE_MASTER =
      Pattern.compile("-- CHANGE MASTER TO MASTER_LOG_FILE='([A-Za-z0-9_.-]+)', MASTER_LOG_POS=([0-9]+);");

  /** A file and position of the log. */
  record Found(String file, long position) {}

  private final ByteArrayOutputStream head = new ByteArrayOutputStream();

  DumpPosition(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    if (head.size() < HEAD) {
      head.write(b);
    }
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (head.size() < HEAD) {
      head.write(b, off, Math.min(len, HEAD - head.size()));
    }
    out.write(b, off, len);
  }

  Optional<Found> found() {
    Matcher m = CHANGE_MASTER.matcher(head.toString(StandardCharsets.UTF_8));
    return m.find() ? Optional.of(new Found(m.group(1), Long.parseLong(m.group(2)))) : Optional.empty();
  }
}
