package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.StepRecord;
import io.stackpilot.workflows.client.StackOperations;
import io.temporal.client.WorkflowClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack's life through the worker with its embedded Temporal server: install from the vanilla backup,
 * update to the next release (migration applied), back up. Real git repo, Docker, MariaDB, backup store.
 */
class WorkerLifecycleIT {

  private final DockerClient docker = TestEnvironment.docker();
  private final String customer = "wk-" + UUID.randomUUID().toString().substring(0, 8);
  private final int webPort = freePort();

  @TempDir
  Path temp;

  private StackpilotWorker worker;

  @AfterEach
  void down() {
    if (worker != null) {
      worker.close();
    }
    new ComposeApplier(docker, Duration.ofMinutes(1)).down(customer);
    for (String volume : new String[] {"db-data", "app-data"}) {
      try {
        docker.removeVolumeCmd(customer + "_" + volume).exec();
      } catch (RuntimeException gone) {
        // never created
      }
    }
  }

  private void commit(Git git, String release) throws Exception {
    String yaml = Files.readString(Path.of("..", "config-samples", "customer-acme", "stack.yaml"))
        .replace("customer: acme", "customer: " + customer)
        .replace("release: 1.0.0", "release: " + release)
        .replace("host: acme-prod-1", "host: it-host")
        .replace("env:ACME_DB_ROOT_PASSWORD", "file:" + temp.resolve("db-root-password"))
        .replace("file:///var/backups/stackpilot/acme", "file://" + temp.resolve("backups"))
        .replace("secrets:\n", "ports:\n  web: { \"8080\": " + webPort + " }\nsecrets:\n");
    Files.writeString(temp.resolve("repo/stack.yaml"), yaml);
    git.add().addFilepattern("stack.yaml").call();
    PersonIdent operator = new PersonIdent("Operator", "ops@example.invalid");
    git.commit().setMessage(customer + " on " + release).setAuthor(operator).setCommitter(operator).setSign(false).call();
  }

  private OperationResult run(StackOperations operations, String type, Object input) throws Exception {
    return operations.start(type, customer, input, type + " " + customer)
        .getResult(10, TimeUnit.MINUTES, OperationResult.class);
  }

  @Test
  void installUpdateAndBackupThroughTheWorker() throws Exception {
    Files.writeString(temp.resolve("db-root-password"), "wk-secret\n");
    Git git = Git.init().setDirectory(temp.resolve("repo").toFile()).setInitialBranch("main").call();
    commit(git, "1.0.0");
    String repo = temp.resolve("repo").toUri().toString();
    WorkerConfig config = new WorkerConfig(new WorkerConfig.Temporal(null, "default", null, null, null),
        List.of("control", "host-agent"), "it-host", TestEnvironment.dockerHost(), temp.resolve("stacks"),
        temp.resolve("git-cache"), TestEnvironment.releasesDir().toString(), Map.of(), List.of(), List.of());
    worker = new StackpilotWorker(config, freePort());
    WorkflowClient client = worker.start();
    StackOperations operations = new StackOperations(client);

    OperationResult installed = run(operations, "InstallStack", new StackRequest(repo, "main"));

    assertThat(installed.steps()).extracting(StepRecord::outcome).containsOnly(StepRecord.DONE);
    assertThat(installed.backupUsed()).isEqualTo("vanilla-1.0.0");
    assertThat(installed.servicesStarted()).as("db was started by its own step").containsExactly("web", "task-runner");
    assertThat(get("/version")).isEqualTo("1.0.0\n");
    MariaDbShell db = new MariaDbShell(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1", "wk-secret");
    assertThat(db.query("SELECT name FROM demo.accounts ORDER BY id")).containsExactly("admin", "demo");

    db.query("INSERT INTO demo.accounts (name, email) VALUES ('written-before-update', 'w@example.invalid')");
    commit(git, "1.1.0");
    OperationResult updated = run(operations, "UpdateStack", new StackRequest(repo, "main"));

    assertThat(updated.backupWritten()).as("safety backup").isNotNull();
    assertThat(updated.migrationsApplied()).containsExactly("V2 account plans");
    assertThat(get("/version")).isEqualTo("1.1.0\n");
    assertThat(db.query("SELECT plan FROM demo.accounts WHERE name = 'admin'")).containsExactly("premium");

    OperationResult backedUp = run(operations, "BackupStack", new BackupRequest(repo, "main", "manual"));

    assertThat(backedUp.backupWritten()).isNotNull();
    assertThat(temp.resolve("backups").resolve(customer).resolve(backedUp.backupWritten()).resolve("manifest.json")).exists();
    assertThat(Files.readString(temp.resolve("backups").resolve(customer).resolve(backedUp.backupWritten())
        .resolve("manifest.json"))).contains("\"release\" : \"1.1.0\"", "\"schemaVersion\" : \"2\"");
  }

  private String get(String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Exception last = null;
    for (int i = 0; i < 40; i++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException e) {
        last = e;
        Thread.sleep(250);
      }
    }
    throw new AssertionError("web did not answer", last);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
