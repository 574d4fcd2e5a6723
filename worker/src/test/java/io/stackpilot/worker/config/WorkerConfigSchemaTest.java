package io.stackpilot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackpilot.activities.notify.NotificationWebhook;
import io.stackpilot.workflows.api.Notification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published schema of the worker's settings and the loader agree: the sample an editor checks against it loads,
 * every setting it marks secret is taken by reference only, and its lists of values are the code's.
 */
class WorkerConfigSchemaTest {

  private static final Path SCHEMA = Path.of("..", "config-samples", "schema", "worker.schema.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void theSampleConfigurationLoads() {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    Map<String, String> env = Map.of("VENDOR_AZURE", "AccountKey=v", "ACME_BACKUPS_AZURE", "AccountKey=a",
        "GIT_TOKEN", "t0ken", "REGISTRY_PASSWORD", "pw", "CODEC_KEY", key, "CODEC_TOKEN", "codec-caller-token-0123456789",
        "GITEA_HOOK", "gitea-s3cret", "CHAT_WEBHOOK", "http://127.0.0.1:9/hook", "DASHBOARD_OPS_TOKEN",
        "dashboard-ops-token-0123456789abcdef");

    WorkerConfig config = new WorkerConfigLoader(env).load(Path.of("..", "config-samples", "worker.yaml"));

    assertThat(config.host()).isEqualTo("acme-prod-1");
    assertThat(config.masked()).doesNotContain("t0ken").doesNotContain("gitea-s3cret").doesNotContain(key);
  }

  @Test
  void everySettingTheSchemaMarksSecretIsRefusedWhenWrittenOutInTheFile() throws Exception {
    List<String> secrets = new ArrayList<>();
    secretReferences(JSON.readTree(SCHEMA.toFile()), "", secrets);
    assertThat(secrets).as("the schema marks the worker's credentials").contains("temporal.apiKey",
        "azure.accounts.*.connectionString", "git.credentials[].password", "registries[].password", "codec.keys[].key",
        "codec.tokens[]", "hooks.github.secret", "notify.webhooks[].url", "dashboard.operators[].token");

    for (String setting : secrets) {
      ObjectNode root = JSON.createObjectNode();
      root.putArray("roles").add("control");
      root.put("releaseStore", "/srv/releases");
      String at = place(root, setting, "hunter2-written-out");
      Path file = Files.writeString(dir.resolve("worker.json"), root.toString());

      assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(file)).as(setting)
          .hasMessageContaining(file + ": " + at + ": must be a reference env:NAME or file:/path, not the secret itself")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void theSchemasListsOfValuesAreTheCodes() throws Exception {
    JsonNode schema = JSON.readTree(SCHEMA.toFile()).path("properties");
    JsonNode webhook = schema.path("notify").path("properties").path("webhooks").path("items").path("properties");

    assertThat(strings(schema.path("roles").path("oneOf").get(1).path("items").path("enum")))
        .isEqualTo(WorkerConfig.ROLES);
    assertThat(strings(webhook.path("format").path("enum"))).isEqualTo(NotificationWebhook.FORMATS);
    assertThat(strings(webhook.path("events").path("items").path("enum"))).isEqualTo(Notification.EVENTS);
  }

  /** Settings marked writeOnly with the reference pattern, as dotted paths ([] for a list item, * for any name). */
  private static void secretReferences(JsonNode schema, String at, List<String> out) {
    if (schema.path("writeOnly").asBoolean() && schema.has("pattern")) {
      out.add(at);
    }
    schema.path("properties").properties().forEach(p ->
        secretReferences(p.getValue(), at.isEmpty() ? p.getKey() : at + "." + p.getKey(), out));
    if (schema.path("additionalProperties").isObject()) {
      secretReferences(schema.path("additionalProperties"), at + ".*", out);
    }
    if (schema.has("items")) {
      secretReferences(schema.path("items"), at + "[]", out);
    }
  }

  /** Writes {@code value} at {@code setting} in {@code root}; returns the path the loader names it by. */
  private static String place(ObjectNode root, String setting, String value) {
    String[] parts = setting.split("\\.");
    JsonNode node = root;
    StringBuilder named = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      boolean item = parts[i].endsWith("[]");
      String key = parts[i].equals("*") ? "acme" : item ? parts[i].substring(0, parts[i].length() - 2) : parts[i];
      named.append(named.length() == 0 ? "" : ".").append(key).append(item ? "[0]" : "");
      boolean last = i == parts.length - 1;
      ObjectNode parent = (ObjectNode) node;
      if (item) {
        ArrayNode list = parent.has(key) ? (ArrayNode) parent.get(key) : parent.putArray(key);
        if (last) {
          list.add(value);
        } else {
          node = list.size() > 0 ? list.get(0) : list.addObject();
        }
      } else if (last) {
        parent.put(key, value);
      } else {
        node = parent.has(key) ? parent.get(key) : parent.putObject(key);
      }
    }
    return named.toString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
