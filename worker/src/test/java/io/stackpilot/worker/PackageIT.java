package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as an operator installs it: into a clean Debian 12 container without Java (apt brings the
 * runtime from the machine's mirror), then the host agent's unit command, as its unit runs it (user stackpilot, in the
 * docker group), against a Temporal server: it becomes ready — Temporal answers, it holds its host name, the Docker
 * Engine answers. A control worker in this JVM grants it its host name, as one would in production.
 */
class PackageIT {

  @TempDir
  Path temp;

  @Test
  void theDebInstallsOnACleanDebianAndItsHostAgentUnitBecomesReady() throws Exception {
    PackagedWorkers.devScript("build-packages");
    Path packages = Path.of("..", "target", "packages").toAbsolutePath().normalize();
    assertThat(Files.list(packages).map(p -> p.getFileName().toString())).contains("stackpilot_0.2.0_all.deb");

    int temporalPort = PackagedWorkers.freePort();
    int metricsPort = PackagedWorkers.freePort();
    String socket = TestEnvironment.dockerHost().replaceFirst("^unix://", "");
    String agent = String.join("\n",
        "roles: [host-agent]", "host: packaged-host", "temporal: { address: \"127.0.0.1:" + temporalPort + "\" }",
        "docker: { host: \"unix:///var/run/docker.sock\" }", "releaseStore: /var/lib/stackpilot/releases",
        "metrics: { address: \"127.0.0.1:" + metricsPort + "\" }", "");
    String script = String.join("\n",
        "set -e",
        "if command -v java; then echo 'Java was there before the package'; exit 1; fi",
        "apt-get update -qq >/dev/null",
        "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /pkg/stackpilot_0.2.0_all.deb >/tmp/apt.log 2>&1"
            + " || { tail -20 /tmp/apt.log; exit 1; }",
        "stackpilot-worker --version",
        "mkdir -p /var/lib/stackpilot/releases",
        "cat > /etc/stackpilot/host-agent.yaml <<'YAML'", agent + "YAML",
        // the unit's SupplementaryGroups=docker, with the group the engine's socket has here
        "groupmod -g $(stat -c %g /var/run/docker.sock) docker && usermod -aG docker stackpilot",
        "su -s /bin/sh stackpilot -c \"stackpilot-worker --check-config /etc/stackpilot/host-agent.yaml\" >/dev/null",
        "exec su -s /bin/sh stackpilot -c \"$(sed -n 's/^ExecStart=//p' /lib/systemd/system/stackpilot-host-agent.service)\"",
        "");
    String name = "stackpilot-package-" + temporalPort;
    WorkerConfig control = new WorkerConfig(new WorkerConfig.Temporal("127.0.0.1:" + temporalPort, "default", null, null,
        null), List.of("control"), null, TestEnvironment.dockerHost(), temp.resolve("stacks"), temp.resolve("git"),
        temp.toString(), Map.of(), List.of(), List.of(), null, 0);
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(temporalPort);
         StackpilotWorker controlWorker = new StackpilotWorker(control, 0)) {
      controlWorker.start();
      Process container = PackagedWorkers.run(name, "--entrypoint", "sh", "-v", packages + ":/pkg:ro",
          "-v", socket + ":/var/run/docker.sock", TestEnvironment.mariadbImage(), "-c", script);
      try {
        String ready = PackagedWorkers.awaitReady(metricsPort, container);
        String log = Files.readString(PackagedWorkers.log(name));
        assertThat(ready).as("/readyz of the packaged host agent; its container said:\n" + log).isEqualTo("200 ready\n");
        assertThat(log.lines().filter(l -> l.contains("stackpilot-worker 0.2.0 starting")).toList())
            .as("it logs as itself, with the date").hasSize(1)
            .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d{2}-\\d{2}T.*"));
      } finally {
        PackagedWorkers.remove(name);
        container.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
