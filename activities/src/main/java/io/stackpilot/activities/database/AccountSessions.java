package io.stackpilot.activities.database;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The life of an account Stackpilot signs in with for one operation (a restore, a dump): opened with a fresh random
 * password and exactly the grants it needs, after an earlier attempt's sessions are ended; closed, locked with another
 * random password nobody holds. The account is addressed as {@code 'user'@'%'}.
 */
final class AccountSessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  private AccountSessions() {}

  /**
   * Creates or resets {@code user}'s account with exactly {@code grants} (each privileges ON a level); returns its
   * password. {@code endEarlierSessions}: end the sessions an earlier attempt left first (an account that writes);
   * without, it takes one statement batch.
   */
  static String open(MariaDbShell shell, String user, java.util.List<String> grants, boolean endEarlierSessions) {
    String account = account(user);
    String password = randomPassword();
    String create = "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY " + MariaDbShell.quote(randomPassword())
        + " ACCOUNT LOCK";
    StringBuilder reset = new StringBuilder("ALTER USER " + account + " IDENTIFIED BY " + MariaDbShell.quote(password)
        + " ACCOUNT UNLOCK; REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + account);
    for (String grant : grants) {
      reset.append("; GRANT ").append(grant).append(" TO ").append(account);
    }
    if (endEarlierSessions) {
      shell.query(create);
      end(shell, user);
      shell.query(reset.toString());
    } else {
      shell.query(create + "; " + reset);
    }
    return password;
  }

  /**
   * Locks {@code user}'s account with a password nobody holds and runs {@code then} (or nothing);
   * {@code endSessions}: and ends the account's sessions.
   */
  static void close(MariaDbShell shell, String user, String then, boolean endSessions) {
    shell.query("ALTER USER " + account(user) + " IDENTIFIED BY " + MariaDbShell.quote(randomPassword())
        + " ACCOUNT LOCK" + (then == null ? "" : "; " + then));
    if (endSessions) {
      end(shell, user);
    }
  }

  static String account(String user) {
    return "'" + user + "'@'%'";
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Ends every session of {@code user}: an earlier attempt's, whose agent may have died holding them. */
  private static void end(MariaDbShell shell, String user) {
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
