package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.OperationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's OCI image from the test registry, run twice against a Temporal server: as the control worker, and as
 * the host agent of a second host (the second Docker Engine's socket mounted). Both become ready; the agent gets its
 * host name from the control worker in the other container, and the two install a customer's stack on the second
 * host, whose web then answers. Both run as the image's user (uid 10001), which owns the customer's repo, backups and
 * stacks; the stacks are at the same path in the agent's container as on the machine, where the Engine resolves them.
 */
@UsesSecondEngine
class ImageIT {

  private static final int IMAGE_USER = 10001;
  private static final String HOST = "image-host-2";

  @TempDir
  Path temp;

  private Path config(String name, String yaml) throws Exception {
    Path dir = PackagedWorkers.traversable(Files.createDirectories(temp.resolve(name)));
    Files.writeString(dir.resolve("worker.yaml"), yaml);
    return dir;
  }

  @Test
  void theImageRunsAsTheControlWorkerAndAsTheHostAgentOfASecondHostAndInstallsAStack() throws Exception {
    PackagedWorkers.devScript("build-image");
    String image = TestEnvironment.registry() + "/stackpilot/worker:" + PackagedWorkers.version();
    PackagedWorkers.traversable(temp);
    TestStack stack = new TestStack(temp.resolve("stack"));
    int webPort = FreePorts.lasting();
    stack.commit("1.0.0", HOST, webPort);
    stack.temporalPort = FreePorts.loopback();
    int controlMetrics = FreePorts.loopback();
    int agentMetrics = FreePorts.loopback();
    Path stacksDir = Files.createDirectories(temp.resolve("stacks"));
    Path control = config("control", stack.controlYaml(stack.temporalPort, stack.dir.resolve("git-cache"),
        controlMetrics));
    Path agent = config("agent", stack.hostAgentYaml(HOST, stack.temporalPort, "unix:///var/run/docker.sock",
        stacksDir, agentMetrics));
    PackagedWorkers.ownedBy(stack.dir, IMAGE_USER);
    PackagedWorkers.ownedBy(stacksDir, IMAGE_USER);
    String socket = TestEnvironment.docker2Host().replaceFirst("^unix://", "");
    String socketGroup = String.valueOf(Files.getAttribute(Path.of(socket), "unix:gid"));
    String releases = TestStack.releases() + ":" + TestStack.releases() + ":ro";
    String controlName = "stackpilot-image-control-" + stack.temporalPort;
    String agentName = "stackpilot-image-agent-" + stack.temporalPort;

    try (EmbeddedTemporal server = EmbeddedTemporal.start(stack.temporalPort)) {
      Process controlWorker = PackagedWorkers.run(controlName, "-v", control + ":/etc/stackpilot:ro",
          "-v", stack.dir + ":" + stack.dir, "-v", releases, image);
      Process hostAgent = PackagedWorkers.run(agentName, "-v", agent + ":/etc/stackpilot:ro",
          "-v", socket + ":/var/run/docker.sock", "--group-add", socketGroup, "-v", stack.dir + ":" + stack.dir,
          "-v", stacksDir + ":" + stacksDir, "-v", releases, image);
      try {
        String controlReady = PackagedWorkers.awaitReady(controlMetrics, controlWorker);
        String agentReady = PackagedWorkers.awaitReady(agentMetrics, hostAgent);

        assertThat(controlReady).as(Files.readString(PackagedWorkers.log(controlName))).isEqualTo("200 ready\n");
        assertThat(agentReady).as(Files.readString(PackagedWorkers.log(agentName))).isEqualTo("200 ready\n");
        assertThat(Files.readString(PackagedWorkers.log(agentName)))
            .contains("stackpilot-worker " + PackagedWorkers.version() + " starting")
            .contains("holds host name '" + HOST + "'");

        OperationResult installed = PackagedWorkers.install(stack, PackagedWorkers.log(agentName));
        assertThat(installed.host()).isEqualTo(HOST);
        assertThat(installed.backupUsed()).as("the control worker seeded the release's vanilla backup")
            .isEqualTo("vanilla-1.0.0");
        assertThat(TestStack.get(webPort, "/version")).as("the stack the image's agent installed").isEqualTo("1.0.0\n");
      } finally {
        PackagedWorkers.remove(controlName);
        PackagedWorkers.remove(agentName);
        controlWorker.waitFor(30, TimeUnit.SECONDS);
        hostAgent.waitFor(30, TimeUnit.SECONDS);
        stack.removeFromHost(TestEnvironment.docker2());
      }
    }
  }
}
