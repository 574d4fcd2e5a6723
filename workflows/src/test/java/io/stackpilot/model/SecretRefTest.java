package io.stackpilot.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRefTest {

  @Test
  void theTwoFormsAreReadAndNothingElse() {
    assertThat(SecretRef.parse("env:ACME__DB_PASSWORD")).contains(new SecretRef.Env("ACME__DB_PASSWORD"));
    assertThat(SecretRef.parse("file:/etc/stackpilot/secrets/acme/db")).contains(
        new SecretRef.File("/etc/stackpilot/secrets/acme/db"));
    for (String notOne : List.of("hunter2", "env:", "env:1ABC", "env:A-B", "env:A B", "file:", "file:/",
        "file:secrets/db", "ENV:X", "vault:x")) {
      assertThat(SecretRef.parse(notOne)).as(notOne).isEmpty();
    }
    assertThat(SecretRef.parse(null)).isEmpty();
    assertThat(new SecretRef.Env("X").text()).isEqualTo("env:X");
    assertThat(new SecretRef.File("/x").text()).isEqualTo("file:/x");
  }

  @Test
  void aReferenceReadsItsVariableOrItsFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "from-file\n");

    assertThat(SecretRef.parse("env:TOKEN").orElseThrow().read(Map.of("TOKEN", "from-env"))).isEqualTo("from-env");
    assertThat(SecretRef.parse("env:UNSET").orElseThrow().read(Map.of())).isNull();
    assertThat(SecretRef.parse("file:" + file).orElseThrow().read(Map.of())).isEqualTo("from-file\n");
  }
}
