package io.stackpilot.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.BackupKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rollback of an update as an operator runs it, for dev/bench: the stack runs release 1.0.0 with a given database
 * on the second Docker Engine, is updated to 1.1.0 (the update takes its safety backup and migrates), and is rolled
 * back with {@code stackctl rollback --accept-data-loss}; timed from the command until the web service answers as
 * 1.0.0 again.
 */
public final class RollbackDrill {

  private static final String HOST = "bench-rollback";
  private static final String PASSWORD = "wk-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Seconds until healthy on 1.0.0, the dump of the safety backup it restored (for the rollback by hand) and the
   * check's answer after it.
   */
  public record Rollback(double seconds, Path safetyPart, String rows) {}

  private RollbackDrill() {}

  /**
   * {@code databasePart}: the nightly backup's compressed dump the stack is installed from (release 1.0.0's tables
   * with the data); {@code check}: a query whose answer after the rollback must equal its answer after the install.
   */
  public static Rollback time(Path dir, Path databasePart, String check) throws Exception {
    Files.createDirectories(dir);
    TestStack stack = new TestStack(dir);
    stack.storeNightly(databasePart, "1.0.0", "1", HOST);
    int webPort = FreePorts.lasting();
    String repo = stack.repoUrl();
    stack.temporalPort = FreePorts.loopback();
    try (StackpilotWorker worker = new StackpilotWorker(stack.worker(null, true, HOST, TestEnvironment.docker2Host()),
        stack.temporalPort)) {
      worker.start();
      stack.commit("1.0.0", HOST, webPort, "sizing: small", "sizing: large");
      run(stack, "install", stack.customer, "--repo", repo, "--wait");
      MariaDbShell db = new MariaDbShell(new ContainerExec(TestEnvironment.docker2(), TestEnvironment.docker2Host()),
          stack.customer + "-db-1", PASSWORD);
      List<String> expected = db.query(check);
      stack.commit("1.1.0", HOST, webPort, "sizing: small", "sizing: large");
      run(stack, "update", stack.customer, "--repo", repo, "--wait");

      long started = System.nanoTime();
      run(stack, "rollback", stack.customer, "--repo", repo, "--accept-data-loss");
      awaitVersion(stack, webPort, "1.0.0\n");
      double seconds = (System.nanoTime() - started) / 1e9;
      run(stack, "watch", stack.customer);
      List<String> rows = db.query(check);
      if (!rows.equals(expected)) {
        throw new IllegalStateException("the rolled back stack holds " + rows + ", not " + expected);
      }
      System.err.println(stack.stackctl("history", stack.customer).out());
      return new Rollback(seconds, newestSafetyPart(stack), String.join("\n", rows));
    } finally {
      stack.remove(TestEnvironment.docker2());
    }
  }

  private static void run(TestStack stack, String... args) {
    TestStack.Cli cli = stack.stackctl(args);
    if (cli.exitCode() != 0) {
      throw new IllegalStateException("stackctl " + String.join(" ", args) + " failed: " + cli.out() + cli.err());
    }
  }

  /** Until the web service answers {@code version}; the run's state is asked every 2 s (see MigrationDrill). */
  private static void awaitVersion(TestStack stack, int webPort, String version) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/version")).build();
    for (int polls = 0; ; polls++) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.ofString()).body().equals(version)) {
          return;
        }
      } catch (IOException down) {
        // stopped for the rollback, or not started yet
      }
      if (polls % 20 == 19 && stack.stackctl("status", stack.customer).out().contains("NeedsAttention")) {
        throw new IllegalStateException("the rollback needs attention: " + stack.stackctl("status", stack.customer).out());
      }
      Thread.sleep(100);
    }
  }

  /** The dump of the newest safety backup in the stack's store: the one the last update took. */
  private static Path newestSafetyPart(TestStack stack) throws IOException {
    try (Stream<Path> manifests = Files.walk(stack.backups().resolve(stack.customer), 2)) {
      return manifests.filter(p -> p.getFileName().toString().equals(BackupManifest.FILE))
          .filter(p -> BackupKinds.SAFETY.equals(read(p).path("kind").asText()))
          .max(Comparator.comparing(p -> read(p).path("createdAt").asText()))
          .map(p -> p.resolveSibling("db.sql.zst"))
          .orElseThrow(() -> new IllegalStateException("the update took no safety backup of " + stack.customer));
    }
  }

  private static JsonNode read(Path manifest) {
    try {
      return JSON.readTree(manifest.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
