package io.stackpilot.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.activities.compose.SecretResolver;
import io.stackpilot.model.StackRules;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text leaving the host agent carries no secret it resolved, no credential in a URL, and no unbounded quote. */
class RedactionTest {

  @Test
  void resolvedSecretValuesAreMaskedInAnyText() {
    new SecretResolver(Map.of("ACME__DB_ROOT_PASSWORD", "  s3ntinel-Vdq9\n"), StackRules.DEFAULT)
        .resolve("acme", "db-root-password", "env:ACME__DB_ROOT_PASSWORD");

    assertThat(Redaction.apply("ERROR 1045 (28000): Access denied for user 'root' (using password: s3ntinel-Vdq9)"))
        .isEqualTo("ERROR 1045 (28000): Access denied for user 'root' (using password: ****)");
  }

  @Test
  void encodedFormsOfASecretAreMaskedToo() {
    String secret = "p@ss w0rd/Tq8+zz!";
    Redaction.remember(secret);
    String url = java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
    for (String prefix : new String[] {"", "a", "ab", "user:"}) {
      String basic = java.util.Base64.getEncoder().encodeToString((prefix + secret + ";tail").getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
      String urlSafe = java.util.Base64.getUrlEncoder().encodeToString((prefix + secret).getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
      assertThat(Redaction.apply("Authorization: Basic " + basic)).as(prefix).contains(Redaction.MASK)
          .doesNotContain(basic);
      assertThat(Redaction.apply("token=" + urlSafe)).as(prefix).doesNotContain(urlSafe);
    }
    assertThat(Redaction.apply("GET /login?p=" + url + "&x=1")).isEqualTo("GET /login?p=****&x=1");
    assertThat(Redaction.apply("GET /login?p=" + url.replace("+", "%20"))).isEqualTo("GET /login?p=****");
  }

  @Test
  void aRestartedAgentMasksTheSecretsItsStacksHold(@org.junit.jupiter.api.io.TempDir java.nio.file.Path stacks)
      throws Exception {
    java.nio.file.Path secrets = java.nio.file.Files.createDirectories(stacks.resolve("acme/secrets"));
    java.nio.file.Files.writeString(secrets.resolve("db-root-password"), "restart-sentinel-71x\n");

    Redaction.rememberSecretFiles(stacks);

    assertThat(Redaction.apply("Access denied (using password: restart-sentinel-71x)"))
        .isEqualTo("Access denied (using password: ****)");
  }

  @Test
  void credentialsInUrlsAndConnectionStringsAreMaskedByTheirShape() {
    assertThat(Redaction.apply("fetching https://ci-bot:ghp_abc123@git.example.com/acme.git failed"))
        .isEqualTo("fetching https://****@git.example.com/acme.git failed");
    assertThat(Redaction.apply("GET https://ghp_token@git.example.com/acme.git")).isEqualTo("GET https://****@git.example.com/acme.git");
    assertThat(Redaction.apply("ssh://git@git.example.com/acme.git: Server key did not validate"))
        .as("an SSH user name is no secret").isEqualTo("ssh://git@git.example.com/acme.git: Server key did not validate");
    assertThat(Redaction.apply("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=c2VjcmV0+/==;EndpointSuffix=x"))
        .isEqualTo("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=****;EndpointSuffix=x");
    assertThat(Redaction.apply("GET https://acme.blob.core.windows.net/b/x?sv=2024&sig=AbC%2Fd&se=1"))
        .isEqualTo("GET https://acme.blob.core.windows.net/b/x?sv=2024&sig=****&se=1");
  }

  @Test
  void longQuotedOutputIsCapped() {
    String log = "row data ".repeat(2000);

    String capped = Redaction.apply(log);

    assertThat(capped).hasSizeLessThan(Redaction.MAX_CHARS + 60).endsWith("more characters cut)");
  }

  @Test
  void shortValuesAreNotTakenForSecrets() {
    Redaction.remember("ab");

    assertThat(Redaction.apply("table ab has 2 rows")).isEqualTo("table ab has 2 rows");
  }
}
