package io.stackpilot.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.model.ReleaseSpec.ResourceLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The samples in config-samples/ are valid and read into the model the operator wrote down. */
class SampleConfigurationTest {

  @Test
  void sampleStackReadsIntoTheModel() {
    ValidatedStack validated = StackValidator.validate(Fixtures.sampleStack(), Fixtures.sampleCatalog()).orThrow();
    StackSpec stack = validated.stack();

    assertThat(stack.customer()).isEqualTo("acme");
    assertThat(stack.host()).isEqualTo("acme-prod-1");
    assertThat(stack.release()).isEqualTo("1.0.0");
    assertThat(stack.services()).containsExactly("db", "web", "task-runner");
    assertThat(stack.env()).isEqualTo(Map.of("web", Map.of("LOG_LEVEL", "info")));
    assertThat(stack.secrets()).isEqualTo(Map.of("db-root-password", "env:ACME__DB_ROOT_PASSWORD"));
    assertThat(stack.dns().publicName()).isEqualTo("acme.example.com");
    assertThat(stack.backup()).isEqualTo(new BackupPolicy("file:///var/backups/stackpilot/acme", "02:00", "Europe/Berlin",
        List.of("recordings", "logs")));
    assertThat(validated.release().release()).isEqualTo("1.0.0");
  }

  @Test
  void servicesAndBackupSettingsDefaultFromTheRelease() {
    String minimal = """
        customer: beta
        release: 1.1.0
        sizing: medium
        host: beta-1
        dns: { public: beta.example.com }
        secrets: { db-root-password: file:/etc/stackpilot/secrets/beta/db-root-password }
        backup: { store: azure://betabackups/stack }
        """;

    StackSpec stack = StackValidator.validate(minimal, Fixtures.sampleCatalog()).orThrow().stack();

    assertThat(stack.services()).as("reports is optional").containsExactly("db", "web", "task-runner");
    assertThat(stack.backup()).isEqualTo(new BackupPolicy("azure://betabackups/stack", "02:00", "Europe/Berlin",
        List.of("recordings", "logs")));
    assertThat(stack.env()).isEmpty();
    assertThat(stack.hostPort("web", 8080, 8080)).isEqualTo(8080);
  }

  @Test
  void stackOverridesHostPorts() {
    String yaml = Fixtures.sampleStack().replace("secrets:\n", "ports:\n  web: { \"8080\": 18080 }\nsecrets:\n");

    StackSpec stack = StackValidator.validate(yaml, Fixtures.sampleCatalog()).orThrow().stack();

    assertThat(stack.hostPort("web", 8080, 8080)).isEqualTo(18080);
    assertThat(stack.hostPort("db", 3306, 0)).isZero();
  }

  @Test
  void sampleReleasesReadIntoTheModel() {
    for (String version : List.of("1.0.0", "1.1.0")) {
      ReleaseSpec release = ReleaseReader.read(version, Fixtures.sampleRelease(version)).orThrow();

      assertThat(release.release()).isEqualTo(version);
      assertThat(release.services()).containsOnlyKeys("db", "web", "task-runner", "reports");
      assertThat(release.services().get("web").image()).isEqualTo("127.0.0.1:5000/demo/web:" + version);
      assertThat(release.services().get("web").dependsOn()).isEqualTo(Map.of("db", "service_healthy"));
      assertThat(release.services().get("reports").dependsOn()).isEqualTo(Map.of("db", "service_started"));
      assertThat(release.services().get("reports").optional()).isTrue();
      assertThat(release.services().get("db").secrets()).containsExactly("db-root-password");
      assertThat(release.services().get("db").healthcheck().test()).containsExactly("CMD", "/usr/local/bin/healthcheck");
      assertThat(release.database()).isEqualTo(new ReleaseSpec.DatabaseSpec("db", "demo", "db-root-password"));
      assertThat(release.files().volume()).isEqualTo("app-data");
      assertThat(release.volumes()).containsExactly("db-data", "app-data");
      assertThat(release.sizing()).containsOnlyKeys("small", "medium", "large");
      assertThat(release.sizing().get("small").get("db")).isEqualTo(new ResourceLimits(MemorySize.parse("512m"), 0.5));
    }
  }
}
