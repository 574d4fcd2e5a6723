package io.stackpilot.activities.database;

import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.model.InvalidConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The mariadb client inside the database container, as root. The password goes in the exec's environment
 * (MYSQL_PWD), never on a command line; no database port needs to be reachable from the host. Each query is an exec
 * of its own, or, on a shell {@link #keptOpen() kept open}, a round trip to one client kept running.
 */
public final class MariaDbShell implements AutoCloseable {

  private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

  private final ContainerExec exec;
  private final String container;
  private final List<String> env;
  private final KeptClient kept;

  public MariaDbShell(ContainerExec exec, String container, String rootPassword) {
    this(exec, container, List.of("MYSQL_PWD=" + rootPassword), null);
  }

  private MariaDbShell(ContainerExec exec, String container, List<String> env, KeptClient kept) {
    this.exec = exec;
    this.container = container;
    this.env = env;
    this.kept = kept;
  }

  /**
   * The same shell whose queries go to one client kept running until it is closed: for a run of bookkeeping batches
   * (a restore's), each then a round trip of a few milliseconds instead of an exec of 55–80. Each batch still runs
   * as it would in an exec of its own: it stops at its first error, and the next batch gets a new client.
   */
  public MariaDbShell keptOpen() {
    return new MariaDbShell(exec, container, env, new KeptClient(exec, container, client("--unbuffered"), env));
  }

  private static List<String> client(String... options) {
    List<String> command = new java.util.ArrayList<>(List.of("mariadb", "--user=root", "--batch", "--skip-column-names",
        "--init-command=SET SESSION sql_log_bin = 0"));
    command.addAll(List.of(options));
    return command;
  }

  /**
   * Runs statements and returns the rows, tab-separated, one per line. Stackpilot's own bookkeeping (restore markers,
   * the restore account) stays out of the binary log: an archived log holds the application's changes only, and a
   * replay refuses anything else.
   */
  public List<String> query(String sql) {
    if (kept != null) {
      return kept.query(sql, QUERY_TIMEOUT);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome = exec.run(container, client("--execute=" + sql), env, null, out, err, QUERY_TIMEOUT);
    if (!outcome.succeeded()) {
      throw new DatabaseException("SQL failed in " + container + ": " + err.toString(StandardCharsets.UTF_8).trim());
    }
    return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
  }

  /** Feeds {@code sql} to the client connected to {@code database}; a failing statement is named with its error. */
  public void load(String database, InputStream sql, Duration timeout) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome = exec.run(container, List.of("mariadb", "--user=root", database), env, sql,
        OutputStream.nullOutputStream(), err, timeout);
    if (!outcome.succeeded()) {
      throw new DatabaseException("loading into " + database + " failed: " + err.toString(StandardCharsets.UTF_8).trim());
    }
  }

  /**
   * Feeds {@code sql} to the client as {@code user} (not root) over TCP inside the container, in its sandbox and binary
   * mode; a failing statement is named with its error.
   */
  public void loadAs(String user, String password, String database, InputStream sql, Duration timeout) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome = exec.run(container, List.of("mariadb", "--sandbox", "--binary-mode",
        "--protocol=TCP", "--host=127.0.0.1", "--port=3306", "--user=" + user, "--default-character-set=utf8mb4",
        database), List.of("MYSQL_PWD=" + password), sql, OutputStream.nullOutputStream(), err, timeout);
    if (!outcome.succeeded()) {
      throw new DatabaseException("loading into " + database + " as " + user + " failed: "
          + err.toString(StandardCharsets.UTF_8).trim());
    }
  }

  /** The client's {@code --help}: which options this client has. */
  public String clientHelp() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exec.run(container, List.of("mariadb", "--help"), List.of(), null, out, OutputStream.nullOutputStream(),
        QUERY_TIMEOUT);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Ends the kept client, if any. */
  @Override
  public void close() {
    if (kept != null) {
      kept.close();
    }
  }

  static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  public static String identifier(String name) {
    if (!name.matches("[A-Za-z0-9_]{1,64}")) {
      throw new InvalidConfigurationException("'" + name + "' is not a database name");
    }
    return "`" + name + "`";
  }
}
