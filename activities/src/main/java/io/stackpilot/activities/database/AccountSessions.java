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
   * password. {@code endEarlierSessions}: end the sessions an earlier attempt left first (an account that writes).
   * One statement batch either way: every exec into the container costs tens of milliseconds.
   */
  static String open(MariaDbShell shell, String user, java.util.List<String> grants, boolean endEarlierSessions) {
    String account = account(user);
    String password = randomPassword();
    StringBuilder batch = new StringBuilder("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY "
        + MariaDbShell.quote(randomPassword()) + " ACCOUNT LOCK");
    if (endEarlierSessions) {
      batch.append("; ").append(end(user));
    }
    batch.append("; ALTER USER ").append(account).append(" IDENTIFIED BY ").append(MariaDbShell.quote(password))
        .append(" ACCOUNT UNLOCK; REVOKE ALL PRIVILEGES, GRANT OPTION FROM ").append(account);
    for (String grant : grants) {
      batch.append("; GRANT ").append(grant).append(" TO ").append(account);
    }
    shell.query(batch.toString());
    return password;
  }

  /**
   * Locks {@code user}'s account with a password nobody holds and runs {@code then} (or nothing);
   * {@code endSessions}: and ends the account's sessions. One statement batch.
   */
  static void close(MariaDbShell shell, String user, String then, boolean endSessions) {
    shell.query("ALTER USER " + account(user) + " IDENTIFIED BY " + MariaDbShell.quote(randomPassword())
        + " ACCOUNT LOCK" + (then == null ? "" : "; " + then) + (endSessions ? "; " + end(user) : ""));
  }

  static String account(String user) {
    return "'" + user + "'@'%'";
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Ends every session of {@code user}, from any host: an earlier attempt's, whose agent may have died holding them.
   * MariaDB's {@code KILL USER} with the host '%' ends the sessions of that user name wherever they came from, and
   * none is not an error.
   */
  private static String end(String user) {
    return "KILL USER " + MariaDbShell.quote(user) + "@'%'";
  }
}
