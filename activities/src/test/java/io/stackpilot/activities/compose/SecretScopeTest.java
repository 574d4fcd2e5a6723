package io.stackpilot.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.model.StackRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host agent reads a stack's secrets only from its own customer's variables and secret files. */
class SecretScopeTest {

  @TempDir
  Path dir;

  private SecretResolver agent;

  @BeforeEach
  void agent() throws Exception {
    Files.createDirectories(dir.resolve("acme"));
    Files.writeString(dir.resolve("acme/db-root-password"), "acme-pw\n");
    Files.createDirectories(dir.resolve("beta"));
    Files.writeString(dir.resolve("beta/db-root-password"), "beta-pw\n");
    StackRules rules = new StackRules(dir.toString(), Map.of("acme", List.of("SHARED_SMTP_")), Set.of());
    agent = new SecretResolver(Map.of("ACME__DB_ROOT_PASSWORD", "from-env", "BETA__DB_ROOT_PASSWORD", "beta-env", "ACME_EU__DB_ROOT_PASSWORD", "acme-eu-env",
        "SHARED_SMTP_PASSWORD", "smtp", "STACKPILOT_AZURE", "worker-credential"), rules);
  }

  @Test
  void ownVariablesFilesAndConfiguredPrefixesResolve() {
    assertThat(agent.resolve("acme", "db", "env:ACME__DB_ROOT_PASSWORD")).asString().isEqualTo("from-env");
    assertThat(agent.resolve("acme", "db", "file:" + dir.resolve("acme/db-root-password"))).asString().isEqualTo("acme-pw\n");
    assertThat(agent.resolve("acme", "smtp", "env:SHARED_SMTP_PASSWORD")).asString().isEqualTo("smtp");
  }

  @Test
  void anotherCustomersVariableIsRefusedNamingTheRule() {
    assertThatThrownBy(() -> agent.resolve("acme", "db-root-password", "env:BETA__DB_ROOT_PASSWORD"))
        .isInstanceOf(MissingSecretException.class)
        .hasMessage("secret db-root-password: environment variable BETA__DB_ROOT_PASSWORD is not this customer's: the host "
            + "agent serves many customers, so a stack may only name variables starting with ACME__ or SHARED_SMTP_");
    assertThatThrownBy(() -> agent.resolve("acme", "x", "env:STACKPILOT_AZURE")).hasMessageContaining("not this customer's");
    assertThatThrownBy(() -> agent.resolve("beta", "x", "env:SHARED_SMTP_PASSWORD")).hasMessageContaining("starting with BETA__");
  }

  @Test
  void noCustomerReachesTheVariablesOfACustomerWhoseNameExtendsItsOwn() {
    assertThat(agent.resolve("acme-eu", "db", "env:ACME_EU__DB_ROOT_PASSWORD")).asString().isEqualTo("acme-eu-env");
    assertThatThrownBy(() -> agent.resolve("acme", "db", "env:ACME_EU__DB_ROOT_PASSWORD"))
        .hasMessageContaining("not this customer's");
    assertThatThrownBy(() -> agent.resolve("acme", "db", "env:ACME_EU_DB_ROOT_PASSWORD"))
        .hasMessageContaining("not this customer's");
    for (String customer : List.of("acme-", "acme--eu")) {
      assertThat(StackRules.customerRefusal(customer)).as(customer).get().asString().contains("would overlap another customer's");
    }
    assertThat(StackRules.customerRefusal("acme-eu")).isEmpty();
  }

  @Test
  void theWorkersOwnAndItsSdksVariablesAreNoCustomers() {
    for (String customer : List.of("stackpilot", "azure", "aws", "java")) {
      for (String variable : List.of("STACKPILOT_AZURE", "STACKPILOT_EMBEDDED_PORT", "AZURE_CLIENT_SECRET",
          "AZURE_STORAGE_CONNECTION_STRING", "AWS_SECRET_ACCESS_KEY", "JAVA_TOOL_OPTIONS")) {
        assertThat(agent.rules().refusal(customer, "env:" + variable)).as(customer + " " + variable).isPresent();
      }
    }
  }

  @Test
  void aControlCharacterInAReferenceIsAFieldErrorNotACrash() {
    for (String reference : List.of("file:" + dir.resolve("acme") + "/db\u0000x", "env:ACME_DB\u0000", "file:/x\u0085")) {
      assertThatThrownBy(() -> agent.resolve("acme", "db", reference)).as(reference)
          .isInstanceOf(MissingSecretException.class).hasMessageContaining("control character");
    }
  }

  @Test
  void filesOutsideTheCustomersDirectoryAreRefusedBeforeTheyAreRead() {
    for (String reference : List.of("file:/proc/self/environ", "file:" + dir.resolve("beta/db-root-password"),
        "file:" + dir.resolve("acme/../beta/db-root-password"), "file:" + dir + "/acme//db-root-password",
        "file:" + dir.resolve("acme"))) {
      assertThatThrownBy(() -> agent.resolve("acme", "db", reference)).as(reference)
          .isInstanceOf(MissingSecretException.class).hasMessageContaining("outside this customer's secrets directory");
    }
  }

  @Test
  void aLinkOutOfTheCustomersDirectoryIsRefused() throws Exception {
    Files.createSymbolicLink(dir.resolve("acme/environ"), Path.of("/proc/self/environ"));
    Files.createSymbolicLink(dir.resolve("acme/beta"), dir.resolve("beta/db-root-password"));

    assertThatThrownBy(() -> agent.resolve("acme", "db", "file:" + dir.resolve("acme/environ")))
        .hasMessageContaining("leads outside").hasMessageContaining("a link or not a regular file");
    assertThatThrownBy(() -> agent.resolve("acme", "db", "file:" + dir.resolve("acme/beta"))).hasMessageContaining("leads outside");
  }
}
