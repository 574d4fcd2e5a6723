package io.stackpilot.activities.database;

import io.stackpilot.activities.database.sql.DumpLexer;
import io.stackpilot.activities.database.sql.DumpPolicy;
import io.stackpilot.activities.database.sql.SqlStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a whole dump before any of it runs: a statement a dump may not hold is refused here, whatever loads the dump
 * afterwards; and it finds out whether the restore engine can load it or the mariadb client has to.
 */
final class DumpScan {

  /** Stands for bytes that are not UTF-8; a dump written as UTF-8 text does not hold it. */
  private static final char NOT_UTF8 = '\uFFFF';

  /** @param declines why the engine leaves this dump to the mariadb client; null when it loads it */
  record Verdict(String declines, long statements) {}

  private DumpScan() {}

  static Verdict scan(InputStream sql, String database, int serverVersion) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(String.valueOf(NOT_UTF8));
    DumpLexer lexer = new DumpLexer(new InputStreamReader(sql, decoder), serverVersion);
    DumpPolicy policy = new DumpPolicy(database);
    String declines = null;
    long statements = 0;
    for (SqlStatement statement = lexer.next(); statement != null; statement = lexer.next()) {
      statements++;
      DumpPolicy.Classified what = policy.classify(statement);
      if (declines == null && what.declines() != null) {
        declines = what.declines() + " at line " + statement.line();
      }
      if (declines == null && statement.text().indexOf(NOT_UTF8) >= 0) {
        declines = "the statement at line " + statement.line() + " holds bytes that are not UTF-8 text (binary data "
            + "dumped without --hex-blob)";
      }
    }
    return new Verdict(declines, statements);
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
