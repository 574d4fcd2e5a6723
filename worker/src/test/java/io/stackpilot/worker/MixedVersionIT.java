package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade replaces one worker at a time, so for a while a control worker and a host agent of two releases work
 * together. Both orders, each through an install and an update with a migration: the control worker of this build with
 * a host agent of the previous release (dev/previous-release, built from this clone's history by dev/build-previous),
 * and the other way round. Both workers run from their built distributions, as their launchers start them.
 */
class MixedVersionIT {

  private static final String HOST = "mixed-host";

  private record Build(String version, Path launcher) {}

  private static Build current;
  private static Build previous;

  @TempDir
  Path temp;

  @BeforeAll
  static void builds() throws Exception {
    current = new Build(PackagedWorkers.version(), Path.of("target", "stackpilot-worker", "bin", "stackpilot-worker")
        .toAbsolutePath());
    Path previousHome = Path.of(PackagedWorkers.devScript("build-previous"));
    String previousVersion = Files.readString(Path.of("..", "dev", "previous-release")).split(" ")[0];
    previous = new Build(previousVersion, previousHome.resolve("worker/bin/stackpilot-worker"));
    assertThat(previous.version()).as("the previous release is another version").isNotEqualTo(current.version());
  }

  @Test
  void thisControlWorkerInstallsAndUpdatesThroughAHostAgentOfThePreviousRelease() throws Exception {
    installAndUpdate(current, previous);
  }

  @Test
  void aControlWorkerOfThePreviousReleaseInstallsAndUpdatesThroughAHostAgentOfThisBuild() throws Exception {
    installAndUpdate(previous, current);
  }

  private void installAndUpdate(Build control, Build agent) throws Exception {
    TestStack stack = new TestStack(temp.resolve("stack"));
    int webPort = FreePorts.lasting();
    stack.commit("1.0.0", HOST, webPort);
    stack.temporalPort = FreePorts.loopback();
    Path controlYaml = Files.writeString(temp.resolve("control.yaml"),
        stack.controlYaml(stack.temporalPort, temp.resolve("git-cache"), FreePorts.loopback()));
    Path agentYaml = Files.writeString(temp.resolve("agent.yaml"), stack.hostAgentYaml(HOST, stack.temporalPort,
        TestEnvironment.dockerHost(), temp.resolve("stacks"), FreePorts.loopback()));
    try (EmbeddedTemporal server = EmbeddedTemporal.start(stack.temporalPort);
         WorkerProcess controlWorker = new WorkerProcess(control.launcher(), controlYaml, temp, StackNames.TASK_QUEUE)
             .start();
         WorkerProcess hostAgent = new WorkerProcess(agent.launcher(), agentYaml, temp, StackNames.hostTaskQueue(HOST))
             .start()) {
      assertThat(Files.readString(controlWorker.log())).contains("stackpilot-worker " + control.version() + " starting");
      assertThat(Files.readString(hostAgent.log())).contains("stackpilot-worker " + agent.version() + " starting");

      OperationResult installed = PackagedWorkers.install(stack, hostAgent.log());
      assertThat(installed.backupUsed()).isEqualTo("vanilla-1.0.0");
      assertThat(TestStack.get(webPort, "/version")).isEqualTo("1.0.0\n");
      // This build's install reads its dump ahead; an agent of the previous release does not know that activity, fails
      // it at once, and its restore reads the store itself.
      assertThat(PackagedWorkers.activityOutcomes(stack, "StageBackup")).as("the read ahead")
          .isEqualTo(control == current ? List.of(agent == current ? "completed" : "failed") : List.of());

      stack.commit("1.1.0", HOST, webPort);
      TestStack.Cli update = stack.stackctl("update", stack.customer, "--repo", stack.repoUrl());
      assertThat(update.exitCode()).as(update.out() + update.err()).isZero();
      OperationResult updated = PackagedWorkers.awaitOperation(stack, hostAgent.log());
      assertThat(updated.backupWritten()).as("the safety backup").isNotNull();
      assertThat(updated.migrationsApplied()).containsExactly("V2 account plans");
      assertThat(TestStack.get(webPort, "/version")).isEqualTo("1.1.0\n");
    } finally {
      stack.remove(TestEnvironment.docker());
    }
  }
}
