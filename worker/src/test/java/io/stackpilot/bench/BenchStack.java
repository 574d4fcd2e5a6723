package io.stackpilot.bench;

import io.stackpilot.model.StackRules;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.compose.RegistryCredentials;
import io.stackpilot.activities.compose.SecretResolver;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.DesiredState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The sample customer's stack for a benchmark: a customer of its own, sizing large, backups under {@code dir}. */
final class BenchStack {

  static final String PASSWORD = "bench-secret";
  final String customer = "bench-" + UUID.randomUUID().toString().substring(0, 6);
  private final String passwordVariable = StackRules.envPrefix(customer) + "DB_ROOT_PASSWORD";
  final SecretResolver secrets = new SecretResolver(Map.of(passwordVariable, PASSWORD), StackRules.DEFAULT);
  final Path dir;
  /** The file share the stack's backups go to. */
  final Path backups;
  private final int webPort = FreePorts.lasting();
  final ComposeApplier applier = new ComposeApplier(TestEnvironment.docker(), Duration.ofMinutes(5),
      RegistryCredentials.none());

  BenchStack(Path dir) {
    this(dir, dir.resolve("backups"));
  }

  BenchStack(Path dir, Path backups) {
    this.dir = dir;
    this.backups = backups;
  }

  /** The stack on release 1.1.0 with {@code services}; dev/bench runs from the worker module's directory. */
  DesiredState desired(String services) {
    return desired(services, "");
  }

  /** The stack on {@code release} with {@code services}. */
  DesiredState desiredOn(String release, String services) {
    return desired(services, "", release);
  }

  /** The same, its binary log archived every {@code every}. */
  DesiredState desiredWithBinlog(String services, String every) {
    return desired(services, "  binlog: { every: " + every + " }\n");
  }

  private DesiredState desired(String services, String backupExtra) {
    return desired(services, backupExtra, "1.1.0");
  }

  private DesiredState desired(String services, String backupExtra, String release) {
    try {
      String yaml = Files.readString(Path.of("..", "config-samples", "customer-acme", "stack.yaml"))
          .replace("customer: acme", "customer: " + customer).replace("release: 1.0.0", "release: " + release)
          .replace("sizing: small", "sizing: large")
          .replace("env:ACME__DB_ROOT_PASSWORD", "env:" + passwordVariable)
          .replace("services: [db, web, task-runner]", "services: [" + services + "]")
          .replace("file:///var/backups/stackpilot/acme", "file://" + backups)
          .replace("  exclude: [recordings, logs]\n", "  exclude: [recordings, logs]\n" + backupExtra);
      yaml = services.contains("web") ? yaml.replace("secrets:\n", "ports:\n  web: { \"8080\": " + webPort + " }\nsecrets:\n")
          : yaml.replace("env:\n  web: { LOG_LEVEL: info }\n", "");
      ValidatedStack v = StackValidator.validate(yaml, new DirectoryReleaseStore(TestEnvironment.releasesDir())).orThrow();
      return new DesiredState("file:///bench/acme.git", "c0ffee110", v.stack(), v.release());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int webPort() {
    return webPort;
  }

  Path stacksDir() {
    return dir.resolve("stacks");
  }

  String dbContainer() {
    return customer + "-db-1";
  }

  /** Containers and volumes gone. */
  void remove() {
    applier.down(customer);
    for (String volume : new String[] {"db-data", "app-data"}) {
      try {
        TestEnvironment.docker().removeVolumeCmd(customer + "_" + volume).exec();
      } catch (RuntimeException gone) {
        // never created
      }
    }
  }
}
