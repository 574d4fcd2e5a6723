package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's configuration: file, environment overrides, every bad setting named, secrets never printed. */
class WorkerConfigTest {

  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    return Files.writeString(dir.resolve("stackpilot-worker.yaml"), yaml);
  }

  @Test
  void fileWithEnvironmentOverridesGivesTheEffectiveConfiguration() throws Exception {
    Path file = write("""
        roles: [control]
        releaseStore: azure://vendor/releases
        temporal: { address: temporal.internal:7233, namespace: stacks }
        azure:
          accounts:
            acmebackups: { connectionString: env:ACME_AZURE }
        git:
          credentials:
            - { urlPrefix: "https://git.example.com/", username: ci-bot, password: env:GIT_TOKEN }
        """);
    Map<String, String> env = Map.of("ACME_AZURE", "DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0", "GIT_TOKEN",
        "ghp_s3cret", "STACKPILOT_ROLES", "control,host-agent", "STACKPILOT_HOST", "acme-prod-1");

    WorkerConfig config = new WorkerConfigLoader(env).load(file);

    assertThat(config.control()).isTrue();
    assertThat(config.hostAgent()).as("STACKPILOT_ROLES overrides the file").isTrue();
    assertThat(config.host()).isEqualTo("acme-prod-1");
    assertThat(config.temporal().address()).isEqualTo("temporal.internal:7233");
    assertThat(config.temporal().embedded()).isFalse();
    assertThat(config.azureAccounts()).containsEntry("acmebackups", "DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0");
    assertThat(config.gitCredentials().get(0).password()).isEqualTo("ghp_s3cret");
    assertThat(config.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(config.masked()).contains("azure account acmebackups: connection string ****",
        "git https://git.example.com/: ci-bot / ****", "host: acme-prod-1 (task queue host-acme-prod-1)")
        .doesNotContain("ghp_s3cret").doesNotContain("c2VjcmV0");
  }

  @Test
  void noTemporalAddressMeansTheEmbeddedServer() throws Exception {
    WorkerConfig config = new WorkerConfigLoader(Map.of()).load(write("roles: [control]\nreleaseStore: /srv/releases\n"));

    assertThat(config.temporal().embedded()).isTrue();
    assertThat(config.temporal().namespace()).isEqualTo("default");
    assertThat(config.masked()).startsWith("temporal: embedded test server (port 7233, development only)");
  }

  @Test
  void everyBadSettingIsNamedAndTheWorkerDoesNotStart() throws Exception {
    Path file = write("""
        roles: [control, host-agent, scheduler]
        azure:
          accounts:
            acmebackups: { connectionString: "DefaultEndpointsProtocol=https;AccountKey=literal" }
        registries:
          - { registry: registry.example.com, username: pull, password: env:REGISTRY_PASSWORD }
        metrics: { address: "9464" }
        restore: { loaders: many }
        """);

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(file))
        .isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessage(String.join("\n",
            file + ": roles: unknown role 'scheduler' (allowed: control, host-agent)",
            file + ": host: missing; the host agent polls task queue host-<host>",
            file + ": releaseStore: missing; a directory, file:///… or azure://<account>/<container>",
            file + ": azure.accounts.acmebackups.connectionString: must be a reference env:NAME or file:/path, not the secret itself",
            file + ": registries[0].password: environment variable REGISTRY_PASSWORD is not set",
            file + ": metrics.address: '9464' is not host:port, e.g. 127.0.0.1:9464 (port 0 picks a free port)",
            file + ": restore.loaders: 'many' is not a number from 0 (follow the machine: the host's cores and the "
                + "database container's CPU limit) to 32"));
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(missing))
        .hasMessage(missing + ": no such configuration file");
  }
}
