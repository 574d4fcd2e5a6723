package io.stackpilot.activities.database;

import io.stackpilot.model.StackRules;
import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.compose.ComposeProject;
import io.stackpilot.activities.compose.ComposeRenderer;
import io.stackpilot.activities.compose.RegistryCredentials;
import io.stackpilot.activities.compose.SecretResolver;
import io.stackpilot.activities.compose.StackDirectory;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.DesiredState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The acme stack's database service alone, running on the test engine with database {@code demo}. */
final class TestDatabase implements AutoCloseable {

  static final String PASSWORD = "rs-secret";

  final DockerClient docker = TestEnvironment.docker();
  final String customer;
  final String container;
  final MariaDbShell shell;
  final String jdbcUrl;
  private final ComposeApplier applier = new ComposeApplier(docker, Duration.ofMinutes(2), RegistryCredentials.none());

  TestDatabase(String prefix, Path dir) throws Exception {
    this(prefix, dir, "");
  }

  /** {@code backup}: more of stack.yaml's backup section, such as {@code "  binlog: { every: PT5S }\n"}. */
  TestDatabase(String prefix, Path dir, String backup) throws Exception {
    customer = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String yaml = (Files.readString(Path.of("..", "config-samples", "customer-acme", "stack.yaml")) + backup)
        .replace("customer: acme", "customer: " + customer).replace("services: [db, web, task-runner]", "services: [db]")
        .replace("env:ACME__DB_ROOT_PASSWORD", "env:" + StackRules.envPrefix(customer) + "DB_ROOT_PASSWORD")
        .replace("env:\n  web: { LOG_LEVEL: info }\n", "");
    ValidatedStack v = StackValidator.validate(yaml, new DirectoryReleaseStore(TestEnvironment.releasesDir())).orThrow();
    ComposeRenderer.Rendered rendered = new ComposeRenderer(new SecretResolver(
        Map.of(StackRules.envPrefix(customer) + "DB_ROOT_PASSWORD", PASSWORD), StackRules.DEFAULT))
        .render(new DesiredState("file:///it/acme.git", "c0ffee1", v.stack(), v.release()), dir.resolve("stack"));
    StackDirectory.write(rendered);
    ComposeProject project = rendered.project();
    applier.apply(project, v.release().services().keySet(), null, line -> { });
    applier.verifyHealth(project, line -> { });
    container = project.containerName("db");
    shell = new MariaDbShell(exec(), container, PASSWORD);
    jdbcUrl = "jdbc:mariadb://127.0.0.1:" + applier.publishedPort(project.layout(), "db", ComposeRenderer.DATABASE_PORT)
        + "/demo";
  }

  ContainerExec exec() {
    return new ContainerExec(docker, TestEnvironment.dockerHost());
  }

  DatabaseDump dump() {
    return new DatabaseDump(exec(), container, PASSWORD);
  }

  /** The engine on {@code loaders} connections. */
  DatabaseRestore.Engine engine(int loaders) {
    return new DatabaseRestore.Engine(jdbcUrl, loaders);
  }

  @Override
  public void close() {
    applier.down(customer);
    try {
      docker.removeVolumeCmd(customer + "_db-data").exec();
    } catch (RuntimeException gone) {
      // never created
    }
  }
}
