package io.stackpilot.activities.database;

/**
 * The account the parallel dump's sessions read as: {@code SELECT} on the application database and {@code RELOAD},
 * which {@code BACKUP STAGE} needs, and nothing else, so a dump needs no root login over the network and its sessions
 * can change nothing. Opened for one dump with a fresh random password, after ending an earlier attempt's sessions
 * (whose snapshot would hold back the server's purge); closed, it is locked with another random password nobody holds.
 */
final class DumpAccount implements AutoCloseable {

  static final String USER = "stackpilot_dump";
  /** Only from the network ('%'): the sessions connect over the database's published port. */
  private static final String ACCOUNT = "'" + USER + "'@'%'";

  private final MariaDbShell shell;
  private final String password;

  private DumpAccount(MariaDbShell shell, String password) {
    this.shell = shell;
    this.password = password;
  }

  static DumpAccount open(MariaDbShell shell, String database) {
    String db = MariaDbShell.identifier(database);
    String password = AccountSessions.randomPassword();
    shell.query("CREATE USER IF NOT EXISTS " + ACCOUNT + " IDENTIFIED BY "
        + MariaDbShell.quote(AccountSessions.randomPassword()) + " ACCOUNT LOCK");
    AccountSessions.end(shell, USER);
    shell.query("ALTER USER " + ACCOUNT + " IDENTIFIED BY " + MariaDbShell.quote(password) + " ACCOUNT UNLOCK; "
        + "REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + ACCOUNT + "; "
        + "GRANT RELOAD ON *.* TO " + ACCOUNT + "; GRANT SELECT ON " + db + ".* TO " + ACCOUNT);
    return new DumpAccount(shell, password);
  }

  String user() {
    return USER;
  }

  String password() {
    return password;
  }

  @Override
  public void close() {
    shell.query("ALTER USER " + ACCOUNT + " IDENTIFIED BY " + MariaDbShell.quote(AccountSessions.randomPassword())
        + " ACCOUNT LOCK");
    AccountSessions.end(shell, USER);
  }
}
