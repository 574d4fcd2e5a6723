package io.stackpilot.activities.database;

import java.util.List;

/**
 * The account the parallel dump's sessions read as: {@code SELECT} on the application database and {@code RELOAD},
 * which {@code BACKUP STAGE} needs, and nothing else, so a dump needs no root login over the network and its sessions
 * can change nothing. Opened for one dump with a fresh random password, closed it is locked with another one nobody
 * holds: one statement batch each, as a backup's setup counts. An earlier attempt's sessions are left to end with their
 * agent or their read timeout: they only read, and the dump's own sessions close before the account does.
 */
final class DumpAccount implements AutoCloseable {

  /** Only from the network ('%'): the sessions connect over the database's published port. */
  static final String USER = "stackpilot_dump";

  private final MariaDbShell shell;
  private final String password;

  private DumpAccount(MariaDbShell shell, String password) {
    this.shell = shell;
    this.password = password;
  }

  static DumpAccount open(MariaDbShell shell, String database) {
    String db = MariaDbShell.identifier(database);
    return new DumpAccount(shell,
        AccountSessions.open(shell, USER, List.of("RELOAD ON *.*", "SELECT ON " + db + ".*"), false));
  }

  String user() {
    return USER;
  }

  String password() {
    return password;
  }

  @Override
  public void close() {
    AccountSessions.close(shell, USER, null, false);
  }
}
