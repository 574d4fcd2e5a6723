package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.OperationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as an operator installs it: into a clean Debian 12 container without Java (apt brings the
 * runtime from the machine's mirror), then the host agent's unit command, as its unit runs it (user stackpilot, in the
 * docker group, umask 0077), against a Temporal server: it becomes ready — Temporal answers, it holds its host name,
 * the Docker Engine answers — and installs a customer's stack, whose web then answers. A control worker in this JVM
 * runs the workflows and grants the agent its host name, as one would in production. The stack's files are at the
 * same path inside the container as on the machine, because the Engine resolves their bind mounts on the machine.
 */
class PackageIT {

  private static final String HOST = "packaged-host";

  @TempDir
  Path temp;

  @Test
  void theDebInstallsOnACleanDebianAndItsHostAgentUnitInstallsAStack() throws Exception {
    PackagedWorkers.devScript("build-packages");
    Path packages = Path.of("..", "target", "packages").toAbsolutePath().normalize();
    List<Path> debs = Files.list(packages).filter(p -> p.getFileName().toString().endsWith(".deb")).toList();
    assertThat(debs).as("what dev/build-packages built").hasSize(1);
    String deb = debs.get(0).getFileName().toString();
    assertThat(deb).isEqualTo("stackpilot_" + PackagedWorkers.version().replace("-SNAPSHOT", "~snapshot") + "_all.deb");

    PackagedWorkers.traversable(temp);
    TestStack stack = new TestStack(temp.resolve("stack"));
    int webPort = FreePorts.lasting();
    stack.commit("1.0.0", HOST, webPort);
    stack.temporalPort = FreePorts.loopback();
    int metricsPort = FreePorts.loopback();
    Path stacksDir = temp.resolve("stacks");
    String socket = TestEnvironment.dockerHost().replaceFirst("^unix://", "");
    String agent = stack.hostAgentYaml(HOST, stack.temporalPort, "unix:///var/run/docker.sock", stacksDir, metricsPort);
    String script = String.join("\n",
        "set -e",
        "if command -v java; then echo 'Java was there before the package'; exit 1; fi",
        "apt-get update -qq >/dev/null",
        "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /pkg/" + deb + " >/tmp/apt.log 2>&1"
            + " || { tail -20 /tmp/apt.log; exit 1; }",
        "stackpilot-worker --version",
        "install -d -o stackpilot -g stackpilot -m 0750 " + stacksDir,
        "cat > /etc/stackpilot/host-agent.yaml <<'YAML'", agent + "YAML",
        // the unit's SupplementaryGroups=docker, with the group the engine's socket has here
        "groupmod -g $(stat -c %g /var/run/docker.sock) docker && usermod -aG docker stackpilot",
        "su -s /bin/sh stackpilot -c \"stackpilot-worker --check-config /etc/stackpilot/host-agent.yaml\" >/dev/null",
        "unit=/lib/systemd/system/stackpilot-host-agent.service",
        "exec su -s /bin/sh stackpilot -c \"umask $(sed -n 's/^UMask=//p' $unit); exec $(sed -n 's/^ExecStart=//p' $unit)\"",
        "");
    String name = "stackpilot-package-" + stack.temporalPort;
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(stack.temporalPort);
         StackpilotWorker controlWorker = new StackpilotWorker(stack.control("127.0.0.1:" + stack.temporalPort), 0)) {
      controlWorker.start();
      Process container = PackagedWorkers.run(name, "--entrypoint", "sh", "-v", packages + ":/pkg:ro",
          "-v", socket + ":/var/run/docker.sock", "-v", temp + ":" + temp,
          "-v", TestStack.releases() + ":" + TestStack.releases() + ":ro", TestEnvironment.mariadbImage(), "-c", script);
      try {
        String ready = PackagedWorkers.awaitReady(metricsPort, container);
        String log = Files.readString(PackagedWorkers.log(name));
        assertThat(ready).as("/readyz of the packaged host agent; its container said:\n" + log).isEqualTo("200 ready\n");
        assertThat(log.lines().filter(l -> l.contains("stackpilot-worker " + PackagedWorkers.version() + " starting"))
            .toList()).as("it logs as itself, with the date").hasSize(1)
            .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d{2}-\\d{2}T.*"));

        OperationResult installed = PackagedWorkers.install(stack, PackagedWorkers.log(name));
        assertThat(installed.host()).isEqualTo(HOST);
        assertThat(TestStack.get(webPort, "/version")).as("the stack the packaged agent installed").isEqualTo("1.0.0\n");
        assertThat(Files.getAttribute(stacksDir.resolve(stack.customer).resolve("compose.yaml"), "unix:uid"))
            .as("its files are the agent's, not root's").isNotEqualTo(0);
      } finally {
        PackagedWorkers.remove(name);
        container.waitFor(30, TimeUnit.SECONDS);
        stack.remove(TestEnvironment.docker());
      }
    }
  }
}
