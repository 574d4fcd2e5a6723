package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's OCI image from the test registry, run twice against a Temporal server: as the control worker, and as
 * the host agent of a second host (the second Docker Engine's socket mounted). Both become ready; the agent gets its
 * host name from the control worker in the other container.
 */
class ImageIT {

  @TempDir
  Path temp;

  private Path config(String name, String yaml) throws Exception {
    Path dir = Files.createDirectories(temp.resolve(name));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = Files.writeString(dir.resolve("worker.yaml"), yaml);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return dir;
  }

  @Test
  void theImageRunsAsTheControlWorkerAndAsTheHostAgentOfASecondHost() throws Exception {
    PackagedWorkers.devScript("build-image");
    String image = TestEnvironment.registry() + "/stackpilot/worker:0.2.0";
    int temporalPort = PackagedWorkers.freePort();
    int controlMetrics = PackagedWorkers.freePort();
    int agentMetrics = PackagedWorkers.freePort();
    String temporal = "temporal: { address: \"127.0.0.1:" + temporalPort + "\" }";
    Path control = config("control", String.join("\n", "roles: [control]", temporal,
        "releaseStore: /var/lib/stackpilot", "metrics: { address: \"127.0.0.1:" + controlMetrics + "\" }", ""));
    Path agent = config("agent", String.join("\n", "roles: [host-agent]", "host: image-host-2", temporal,
        "docker: { host: \"unix:///var/run/docker.sock\" }", "releaseStore: /var/lib/stackpilot",
        "metrics: { address: \"127.0.0.1:" + agentMetrics + "\" }", ""));
    String socket = TestEnvironment.docker2Host().replaceFirst("^unix://", "");
    String socketGroup = String.valueOf(Files.getAttribute(Path.of(socket), "unix:gid"));
    String controlName = "stackpilot-image-control-" + temporalPort;
    String agentName = "stackpilot-image-agent-" + temporalPort;

    try (EmbeddedTemporal server = EmbeddedTemporal.start(temporalPort)) {
      Process controlWorker = PackagedWorkers.run(controlName, "-v", control + ":/etc/stackpilot:ro", image);
      Process hostAgent = PackagedWorkers.run(agentName, "-v", agent + ":/etc/stackpilot:ro",
          "-v", socket + ":/var/run/docker.sock", "--group-add", socketGroup, image);
      try {
        String controlReady = PackagedWorkers.awaitReady(controlMetrics, controlWorker);
        String agentReady = PackagedWorkers.awaitReady(agentMetrics, hostAgent);

        assertThat(controlReady).as(Files.readString(PackagedWorkers.log(controlName))).isEqualTo("200 ready\n");
        assertThat(agentReady).as(Files.readString(PackagedWorkers.log(agentName))).isEqualTo("200 ready\n");
        assertThat(Files.readString(PackagedWorkers.log(agentName))).contains("stackpilot-worker 0.2.0 starting")
            .contains("holds host name 'image-host-2'");
      } finally {
        PackagedWorkers.remove(controlName);
        PackagedWorkers.remove(agentName);
        controlWorker.waitFor(30, TimeUnit.SECONDS);
        hostAgent.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
