package io.stackpilot.worker;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.compose.RegistryCredentials;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving a stack to another host: two host agents, each with its own Docker Engine on this machine (dev/env
 * starts the second), one control worker with the embedded Temporal server; the data travels through the backup.
 */
@UsesSecondEngine
class HostMigrationIT {

  private final DockerClient hostA = TestEnvironment.docker();
  private final DockerClient hostB = TestEnvironment.docker2();

  @TempDir
  Path temp;

  private TestStack stack;
  private StackpilotWorker control;
  private StackpilotWorker agentB;
  private final int portA = FreePorts.lasting();
  private final int portB = FreePorts.lasting();

  /** The stack installed on host A by a control worker that is also A's agent, with one row written before a backup. */
  private WorkflowClient installOnHostAWithARowAndABackup(TestStack newStack) throws Exception {
    stack = newStack;
    stack.commit("1.0.0", "it-a", portA);
    stack.temporalPort = FreePorts.loopback();
    control = new StackpilotWorker(stack.worker(null, true, "it-a", TestEnvironment.dockerHost()), stack.temporalPort);
    WorkflowClient client = control.start();
    assertThat(stack.stackctl("install", stack.customer, "--repo", stack.repoUrl(), "--wait").exitCode()).isZero();
    insertOnHostA("before-backup");
    assertThat(stack.stackctl("backup", stack.customer, "--repo", stack.repoUrl(), "--wait").exitCode()).isZero();
    return client;
  }

  private void insertOnHostA(String name) {
    new MariaDbShell(new ContainerExec(hostA, TestEnvironment.dockerHost()), stack.customer + "-db-1", "wk-secret")
        .query("INSERT INTO demo.accounts (name, email) VALUES ('" + name + "', '" + name + "@example.invalid')");
  }

  private java.util.List<String> accountsOnHostB() {
    return new MariaDbShell(new ContainerExec(hostB, TestEnvironment.docker2Host()), stack.customer + "-db-1", "wk-secret")
        .query("SELECT name FROM demo.accounts ORDER BY id");
  }

  @AfterEach
  void down() {
    if (agentB != null) {
      agentB.close();
    }
    if (control != null) {
      control.close();
    }
    if (stack != null) {
      stack.remove(hostA);
      stack.remove(hostB);
    }
  }

  /** The whole life of a stack, as in the issue: every store in Azurite, the data carried by the backups. */
  @Test
  void installBackupUpdateAndMoveToTheSecondEngineKeepTheData() throws Exception {
    WorkflowClient client = installOnHostAWithARowAndABackup(new TestStack(temp).inAzurite());

    stack.commit("1.1.0", "it-a", portA);
    TestStack.Cli update = stack.stackctl("update", stack.customer, "--repo", stack.repoUrl(), "--wait");
    OperationResult updated = client.newUntypedWorkflowStub(StackNames.operationId(stack.customer))
        .getResult(OperationResult.class);
    assertThat(update.exitCode()).as(update.out() + update.err()).isZero();
    assertThat(updated.migrationsApplied()).containsExactly("V2 account plans");
    assertThat(TestStack.get(portA, "/version")).isEqualTo("1.1.0\n");
    insertOnHostA("after-update");

    agentB = new StackpilotWorker(stack.worker("127.0.0.1:" + stack.temporalPort, false, "it-b",
        TestEnvironment.docker2Host()), 0);
    agentB.start();
    stack.commit("1.1.0", "it-b", portB);
    TestStack.Cli migrate = stack.stackctl("migrate", stack.customer, "--repo", stack.repoUrl(), "--from-host", "it-a", "--wait");
    OperationResult moved = client.newUntypedWorkflowStub(StackNames.operationId(stack.customer)).getResult(OperationResult.class);

    assertThat(migrate.exitCode()).as(migrate.out() + migrate.err()).isZero();
    assertThat(migrate.out()).contains("final backup on it-a: done", "stop old stack on it-a: done");
    assertThat(moved.host()).isEqualTo("it-b");
    assertThat(moved.backupUsed()).as("the final backup of the old host").isEqualTo(moved.backupWritten());
    assertThat(moved.steps()).filteredOn(s -> s.name().equals("restore if empty")).singleElement()
        .extracting(io.stackpilot.workflows.api.StepRecord::note).asString()
        .as("the dump read ahead from Azurite on host B while its database started")
        .contains("read and verified while the database started");
    assertThat(accountsOnHostB()).containsExactly("admin", "demo", "before-backup", "after-update");
    assertThat(new MariaDbShell(new ContainerExec(hostB, TestEnvironment.docker2Host()), stack.customer + "-db-1", "wk-secret")
        .query("SELECT plan FROM demo.accounts WHERE name = 'admin'")).as("V2 came along").containsExactly("premium");
    assertThat(TestStack.get(portB, "/version")).isEqualTo("1.1.0\n");
    assertThat(new ComposeApplier(hostA, Duration.ofMinutes(1), RegistryCredentials.none()).actual(stack.customer)).as("old stack stopped").isEmpty();
    assertThat(hostA.inspectVolumeCmd(stack.customer + "_db-data").exec().getName()).as("its data kept on the old host")
        .isEqualTo(stack.customer + "_db-data");
    assertThat(stack.azureBackupBlobs().stream().filter(b -> b.endsWith("/manifest.json")))
        .as("vanilla copy, manual backup, safety backup before the update, final backup on the old host").hasSize(4)
        .anyMatch(b -> b.contains(moved.backupUsed()));
  }

  /** stack.yaml names a drill host: the drill restores there, on the second Engine, and the stack on host A runs on. */
  @Test
  void drillRunsOnTheDrillHostStackYamlNames() throws Exception {
    installOnHostAWithARowAndABackup(new TestStack(temp));
    agentB = new StackpilotWorker(stack.worker("127.0.0.1:" + stack.temporalPort, false, "it-b",
        TestEnvironment.docker2Host()), 0);
    agentB.start();
    stack.commit("1.0.0", "it-a", portA, "  exclude: [recordings, logs]\n",
        "  exclude: [recordings, logs]\ndrill: { every: P7D, host: it-b }\n");

    TestStack.Cli drill = stack.stackctl("drill", stack.customer, "--repo", stack.repoUrl(), "--wait");

    assertThat(drill.exitCode()).as(drill.out() + drill.err()).isZero();
    assertThat(drill.out()).contains("prepare drill on it-b: done", "remove drill on it-b: done",
            "read and verified while the database started")
        .containsPattern("DrillStack of " + stack.customer + " passed: backup \\S+ restored on it-b, healthy after \\d+ s");
    assertThat(new ComposeApplier(hostB, Duration.ofMinutes(1), RegistryCredentials.none()).actual(stack.customer + "-drill"))
        .as("nothing left on the drill host").isEmpty();
    assertThat(hostB.listVolumesCmd().exec().getVolumes()).noneMatch(v -> v.getName().startsWith(stack.customer + "-drill_"));
    assertThat(TestStack.get(portA, "/version")).as("the stack on host A runs on").isEqualTo("1.0.0\n");
  }

  @Test
  void withTheOldHostDownTheStackMovesFromTheNewestBackup() throws Exception {
    installOnHostAWithARowAndABackup(new TestStack(temp));
    insertOnHostA("lost-with-the-host");
    // Host A's agent goes away with its host; host B's agent alone serves it-b.
    control.close();
    control = new StackpilotWorker(stack.worker(null, true, "it-b", TestEnvironment.docker2Host()), stack.temporalPort);
    control.start();
    stack.remove(hostA);

    stack.commit("1.0.0", "it-b", portB);
    TestStack.Cli migrate = stack.stackctl("migrate", stack.customer, "--repo", stack.repoUrl(), "--from-host", "it-a",
        "--from-host-timeout", "PT5S", "--host-timeout", "PT10S");
    assertThat(migrate.exitCode()).isZero();
    waitForAttentionAt("stop old stack on it-a");
    assertThat(stack.stackctl("skip", stack.customer).exitCode()).isZero();
    TestStack.Cli watch = stack.stackctl("watch", stack.customer);

    assertThat(watch.exitCode()).as(watch.out()).isZero();
    assertThat(watch.out()).contains("did not answer within").contains("stop old stack on it-a: skipped");
    assertThat(accountsOnHostB()).containsExactly("admin", "demo", "before-backup");
    assertThat(TestStack.get(portB, "/version")).isEqualTo("1.0.0\n");
  }

  private void waitForAttentionAt(String step) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      TestStack.Cli status = stack.stackctl("status", stack.customer);
      if (status.out().contains("NeedsAttention") && status.out().contains(step)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the run never waited at " + step + ": " + stack.stackctl("status", stack.customer).out());
  }
}
