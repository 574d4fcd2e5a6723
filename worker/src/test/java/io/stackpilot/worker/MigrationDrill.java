package io.stackpilot.worker;

import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Disaster recovery as an operator runs it, for dev/bench: the stack's host is gone, its newest nightly backup
 * (a given database part) is in the store; stack.yaml names the second Docker Engine's host and
 * {@code stackctl migrate} brings the stack up there. Timed from the command until the stack's web service answers.
 */
public final class MigrationDrill {

  private static final String LOST_HOST = "bench-lost";
  private static final String NEW_HOST = "bench-new";

  private MigrationDrill() {}

  private static boolean answers(HttpClient http, HttpRequest version) throws InterruptedException {
    try {
      return http.send(version, HttpResponse.BodyHandlers.ofString()).body().equals("1.1.0\n");
    } catch (IOException refused) {
      return false;
    }
  }

  /**
   * Seconds from {@code stackctl migrate} until the stack on the second engine answers (the run then goes on to
   * "stop old stack" on the lost host, which never answers); checks the restored rows with {@code check}.
   * {@code askLostHost}: the lost host is given 5 s to take a final backup, as when the operator does not know it is
   * gone; otherwise the operator says so ({@code --no-final-backup}) and the newest backup is used at once.
   */
  public static double timeToHealthy(Path dir, Path databasePart, String check, String expected, boolean askLostHost)
      throws Exception {
    Files.createDirectories(dir);
    TestStack stack = new TestStack(dir);
    stack.storeNightly(databasePart, "1.1.0", "2", LOST_HOST);
    int webPort = FreePorts.lasting();
    stack.commit("1.1.0", NEW_HOST, webPort, "sizing: small", "sizing: large");
    stack.temporalPort = FreePorts.loopback();
    try (StackpilotWorker worker = new StackpilotWorker(stack.worker(null, true, NEW_HOST, TestEnvironment.docker2Host()),
        stack.temporalPort)) {
      worker.start();
      long started = System.nanoTime();
      TestStack.Cli migrate = stack.stackctl("migrate", stack.customer, "--repo", stack.repoUrl(), "--from-host",
          LOST_HOST, askLostHost ? "--from-host-timeout=PT5S" : "--no-final-backup", "--host-timeout", "PT10S");
      if (migrate.exitCode() != 0) {
        throw new IllegalStateException("stackctl migrate failed: " + migrate.out() + migrate.err());
      }
      // Healthy: the web service answers, which it does only once the data is restored and every service started.
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest version = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/version")).build();
      // The run's state is asked every 2 s only: each ask is a connection, a query and a workflow task, taken from
      // the two cores the restore runs on, which the manual steps' curl loop does not take.
      for (int polls = 0; !answers(http, version); polls++) {
        if (polls % 20 == 19 && stack.stackctl("status", stack.customer).out().contains("NeedsAttention")) {
          throw new IllegalStateException("the migration needs attention: " + stack.stackctl("status", stack.customer).out());
        }
        Thread.sleep(100);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      List<String> rows = new MariaDbShell(new ContainerExec(TestEnvironment.docker2(), TestEnvironment.docker2Host()),
          stack.customer + "-db-1", "wk-secret").query(check);
      if (!rows.equals(List.of(expected))) {
        throw new IllegalStateException("the recovered stack holds " + rows + ", not " + expected);
      }
      System.err.println(stack.stackctl("history", stack.customer).out());
      stack.stackctl("abort", stack.customer);
      return seconds;
    } finally {
      stack.remove(TestEnvironment.docker2());
    }
  }
}
