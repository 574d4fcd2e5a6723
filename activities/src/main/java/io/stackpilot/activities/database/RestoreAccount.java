package io.stackpilot.activities.database;

import java.util.List;

/**
 * The account a dump is loaded as: privileges on the application database only (no {@code SUPER}, {@code FILE},
 * {@code PROCESS}, {@code SET USER}, grant option or access to {@code mysql.*}), so a statement the dump policy misses
 * fails on privileges. Opened for one restore with a fresh random password; closed, it is locked with another random
 * password nobody holds. An attempt whose agent died leaves the account unlocked with a password only that agent knew:
 * the next restore ends its sessions, resets it and revokes whatever it held before it grants anew.
 *
 * <p>The account stays on the server locked, rather than dropped: the views, triggers, routines and events of the
 * dump are created with it as their {@code DEFINER} (a trigger whose definer does not exist cannot fire), and a locked
 * account cannot sign in.
 */
final class RestoreAccount implements AutoCloseable {

  static final String USER = "stackpilot_restore";
  /** Only from the network ('%'): the client fallback connects over TCP too, so no anonymous local account shadows it. */
  static final String ACCOUNT = AccountSessions.account(USER);
  /** What a dump needs in its own database, and nothing on the server. */
  static final String PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER, "
      + "LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER";

  private final MariaDbShell shell;
  private final String password;
  private boolean replaying;

  private RestoreAccount(MariaDbShell shell, String password) {
    this.shell = shell;
    this.password = password;
  }

  /** Creates or resets the account for a restore into {@code database}, after ending an earlier attempt's sessions. */
  static RestoreAccount open(MariaDbShell shell, String database) {
    String db = MariaDbShell.identifier(database);
    return new RestoreAccount(shell, AccountSessions.open(shell, USER, List.of(PRIVILEGES + " ON " + db + ".*"), true));
  }

  /**
   * Lets the account replay row events of an archived binary log ({@code BINLOG REPLAY}), until it is closed. The
   * server applies those events without checking table privileges: a replay runs only segments whose every table is
   * one of the application database ({@code SegmentScan}).
   */
  void allowReplay() {
    shell.query("GRANT BINLOG REPLAY ON *.* TO " + ACCOUNT);
    replaying = true;
  }

  String user() {
    return USER;
  }

  String password() {
    return password;
  }

  /** Locks the account with a password nobody holds and ends its sessions; its grants stay for the objects it defines. */
  @Override
  public void close() {
    AccountSessions.close(shell, USER, replaying ? "REVOKE BINLOG REPLAY ON *.* FROM " + ACCOUNT : null, true);
  }
}
