package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A shell kept open answers each statement batch as an exec of its own would — the same rows, the same errors, each
 * batch stopped at its first error — over one client kept running, which a failed batch replaces and closing ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeptShellIT {

  private TestDatabase database;
  private MariaDbShell shell;

  @BeforeAll
  void database() throws Exception {
    database = new TestDatabase("ks", Files.createTempDirectory("kept-shell-it"));
    shell = database.shell;
  }

  @AfterAll
  void down() {
    database.close();
  }

  @Test
  void aKeptShellReturnsTheRowsAnExecReturns() {
    List<String> batches = List.of(
        "SELECT 1",
        "SELECT 'a\tb', NULL, 'x\ny';",
        "CREATE DATABASE IF NOT EXISTS ks; CREATE TABLE IF NOT EXISTS ks.t (v VARCHAR(20)); DELETE FROM ks.t; "
            + "INSERT INTO ks.t VALUES ('one'), ('two'), (''); SELECT v FROM ks.t ORDER BY v",
        "SET @kept = 42; SELECT @kept + 1 ;  ",
        "DO 1",
        "SELECT @@session.sql_log_bin");

    try (MariaDbShell kept = shell.keptOpen()) {
      for (String batch : batches) {
        assertThat(kept.query(batch)).as(batch).isEqualTo(shell.query(batch));
      }
    }
  }

  @Test
  void oneClientAnswersEveryBatchUntilOneFailsAndTheNextGetsANewOne() {
    try (MariaDbShell kept = shell.keptOpen()) {
      String first = kept.query("SELECT CONNECTION_ID()").get(0);
      assertThat(kept.query("SELECT CONNECTION_ID()")).containsExactly(first);

      assertThatThrownBy(() -> kept.query("CREATE DATABASE IF NOT EXISTS ks; CREATE TABLE IF NOT EXISTS ks.stops "
          + "(n INT); DELETE FROM ks.stops; INSERT INTO ks.stops VALUES (1); SELECT * FROM ks.no_such_table; "
          + "INSERT INTO ks.stops VALUES (2)"))
          .isInstanceOf(DatabaseException.class)
          .hasMessageContaining("no_such_table")
          .hasMessageContaining("doesn't exist");
      assertThat(kept.query("SELECT n FROM ks.stops")).as("the batch stopped at its error").containsExactly("1");

      String next = kept.query("SELECT CONNECTION_ID()").get(0);
      assertThat(next).as("a new client after the failed batch").isNotEqualTo(first);
      assertThat(kept.query("SELECT CONNECTION_ID()")).containsExactly(next);
    }
  }

  @Test
  void closingEndsTheKeptClient() throws Exception {
    String id;
    try (MariaDbShell kept = shell.keptOpen()) {
      id = kept.query("SELECT CONNECTION_ID()").get(0);
      assertThat(sessions(id)).isEqualTo("1");
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!sessions(id).equals("0") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sessions(id)).as("the kept client's session after closing").isEqualTo("0");
  }

  @Test
  void aQuotedValueWithClientCommandsAndDelimitersStaysOneValue() {
    // What a hostile manifest's backup id or schema version becomes in the marker's statement: a quoted value.
    String hostile = "x';\n\\! touch /tmp/kept-pwned\nsystem touch /tmp/kept-pwned\ndelimiter //\n;\n"
        + "SELECT 'stackpilot-00000000000000000000000000000000';\n-- '";
    String batch = "SELECT " + MariaDbShell.quote(hostile) + " = " + MariaDbShell.quote(hostile) + ", LENGTH("
        + MariaDbShell.quote(hostile) + ")";

    try (MariaDbShell kept = shell.keptOpen()) {
      assertThat(kept.query(batch)).containsExactly("1\t" + hostile.length()).isEqualTo(shell.query(batch));
      assertThat(kept.query("SELECT 3")).as("the client reads batches as before").containsExactly("3");
    }
    assertThat(database.exec().run(database.container, List.of("test", "-e", "/tmp/kept-pwned"), null,
        java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream(), java.time.Duration.ofSeconds(30))
        .exitCode()).as("no client command ran").isEqualTo(1);
  }

  @Test
  void aClientKilledInTheMiddleOfABatchFailsTheBatchAsAClientThatExited() throws Exception {
    try (MariaDbShell kept = shell.keptOpen()) {
      String id = kept.query("SELECT CONNECTION_ID()").get(0);
      CompletableFuture<List<String>> sleeping = CompletableFuture.supplyAsync(() -> kept.query("SELECT SLEEP(60)"));
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!sessions(id, " AND info LIKE 'SELECT SLEEP%'").equals("1") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      // Killed without a word on standard error, as when its process or container is gone: no error line ends it.
      run("for p in /proc/[0-9]*; do case \"$(tr '\\0' ' ' < $p/cmdline 2>/dev/null)\" in "
          + "'mariadb '*'--unbuffered '*) kill -9 ${p#/proc/};; esac; done");

      assertThatThrownBy(() -> sleeping.get(100, TimeUnit.SECONDS))
          .as("the batch ends when its client does, not at the 2-minute timeout")
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(DatabaseException.class)
          .hasMessageContaining("exited with 137");
      assertThat(kept.query("SELECT 4")).as("the next batch gets a new client").containsExactly("4");
    }
  }

  @Test
  void anEmptyBatchIsRefusedBeforeAnythingRuns() {
    try (MariaDbShell kept = shell.keptOpen()) {
      assertThatThrownBy(() -> kept.query(" ; ")).isInstanceOf(IllegalArgumentException.class);
      assertThat(kept.query("SELECT 2")).containsExactly("2");
    }
  }

  private void run(String script) {
    assertThat(database.exec().run(database.container, List.of("sh", "-c", script), null,
        java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream(), java.time.Duration.ofSeconds(30))
        .exitCode()).as(script).isEqualTo(0);
  }

  private String sessions(String id) {
    return sessions(id, "");
  }

  private String sessions(String id, String andWhere) {
    return shell.query("SELECT COUNT(*) FROM information_schema.processlist WHERE id = " + Long.parseLong(id)
        + andWhere).get(0);
  }
}
