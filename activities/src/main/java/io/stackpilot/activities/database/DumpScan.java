package io.stackpilot.activities.database;

import io.stackpilot.activities.database.sql.DumpLexer;
import io.stackpilot.activities.database.sql.DumpPolicy;
import io.stackpilot.activities.database.sql.DumpReader;
import io.stackpilot.activities.database.sql.DumpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a whole dump before any of it runs: a statement a dump may not hold is refused here, whatever loads the dump
 * afterwards; and it finds out whether the restore engine can load it or the mariadb client has to.
 */
final class DumpScan {

  /** Stands for bytes that are not UTF-8; a dump written as UTF-8 text does not hold it. */
  private static final char NOT_UTF8 = '\uFFFF';
  /** Tables whose rows are sized, at most: a dump of millions of tables costs the scan no more memory than this. */
  static final int TABLES_SIZED = 10_000;

  /**
   * @param declines why the engine leaves this dump to the mariadb client; null when it loads it
   * @param quotingChanged the SQL mode the dump set that changes how quotes are read, with its line; null when none
   * @param bounds the servers that read the dump as this scan did, as far as version and statement size go
   * @param rowChars characters of row statements per table the dump creates, for the first {@link #TABLES_SIZED} it
   *     creates; the engine's plan, never what it checks
   */
  record Verdict(String declines, long statements, String quotingChanged, DumpLexer.Bounds bounds,
      Map<String, Long> rowChars) {

    Verdict {
      rowChars = Map.copyOf(rowChars);
    }

    /** Whether {@code real} reads the dump exactly as the scan did, which read it against {@code assumed}. */
    boolean holdsFor(Server assumed, Server real) {
      return assumed.sqlMode().equals(real.sqlMode()) && bounds.hold(real.version(), real.maxStatement());
    }
  }

  /** Where the scan reads against: the server's version, its default SQL mode and its statement size limit. */
  record Server(int version, String sqlMode, long maxStatement) {}

  /**
   * What a dump is read against before its server answers: MariaDB's default SQL mode, the largest statement a
   * restore may hold, and the highest version short of 999999 (which mariadb-dump writes on comments no server runs),
   * so that every conditional comment a real server runs runs here too. {@link Verdict#holdsFor} tells afterwards
   * whether the real server reads the dump alike.
   */
  static Server beforeTheServerAnswers() {
    return new Server(999998, DumpSession.SERVER_DEFAULT, DumpLexer.memoryLimit());
  }

  private DumpScan() {}

  static Verdict scan(InputStream sql, String database, Server server) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(String.valueOf(NOT_UTF8));
    DumpReader dump = new DumpReader(new InputStreamReader(sql, decoder), database, server.version(), server.sqlMode(),
        server.maxStatement());
    String declines = null;
    long statements = 0;
    Map<String, Long> rowChars = new HashMap<>();
    for (DumpReader.Checked checked = dump.next(); checked != null; checked = dump.next()) {
      statements++;
      DumpPolicy.Classified what = checked.what();
      if (what.kind() == DumpPolicy.Kind.CREATE_TABLE && rowChars.size() < TABLES_SIZED) {
        rowChars.putIfAbsent(what.table(), 0L);
      } else if (what.kind() == DumpPolicy.Kind.ROWS) {
        long length = checked.statement().text().length();
        rowChars.computeIfPresent(what.table(), (table, chars) -> chars + length);
      }
      if (declines == null && what.declines() != null) {
        declines = what.declines() + " at line " + checked.statement().line();
      }
      if (declines == null && checked.statement().text().indexOf(NOT_UTF8) >= 0) {
        declines = "the statement at line " + checked.statement().line() + " holds bytes that are not UTF-8 text "
            + "(binary data dumped without --hex-blob)";
      }
    }
    return new Verdict(declines, statements, dump.session().quotingChanged(), dump.bounds(), rowChars);
  }

  /** The version as conditional comments compare it: "10.11.6-MariaDB-0+deb12u1" is 101106. */
  static int version(String serverVersion) {
    String[] parts = serverVersion.split("[^0-9]+", 4);
    int major = Integer.parseInt(parts[0]);
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    int patch = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
    return major * 10000 + minor * 100 + patch;
  }
}
