package io.stackpilot.activities.database;

import java.security.SecureRandom;
import java.util.HexFormat;

/** What the accounts Stackpilot signs in with for one operation share: fresh passwords, and ending their sessions. */
final class AccountSessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  private AccountSessions() {}

  static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Ends every session of {@code user}: an earlier attempt's, whose agent may have died holding them. */
  static void end(MariaDbShell shell, String user) {
    for (String session : shell.query("SELECT id FROM information_schema.processlist WHERE user = "
        + MariaDbShell.quote(user))) {
      try {
        shell.query("KILL " + Long.parseLong(session.trim()));
      } catch (DatabaseException endedMeanwhile) {
        // the session ended between the two statements
      }
    }
  }
}
