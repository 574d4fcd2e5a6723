package io.stackpilot.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the worker configuration: the YAML file, then STACKPILOT_* environment variables over it. Every
 * missing or invalid setting is reported at once, by name, and the worker does not start.
 */
public final class WorkerConfigLoader {

  /** Environment variables that override a setting, with the setting they override. */
  static final Map<String, String> OVERRIDES = Map.of(
      "STACKPILOT_TEMPORAL_ADDRESS", "temporal.address",
      "STACKPILOT_TEMPORAL_NAMESPACE", "temporal.namespace",
      "STACKPILOT_ROLES", "roles",
      "STACKPILOT_HOST", "host",
      "STACKPILOT_DOCKER_HOST", "docker.host",
      "STACKPILOT_STACKS_DIR", "stacksDir",
      "STACKPILOT_RELEASE_STORE", "releaseStore",
      "STACKPILOT_METRICS_ADDRESS", "metrics.address",
      "STACKPILOT_RESTORE_LOADERS", "restore.loaders");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, String> environment;

  public WorkerConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public WorkerConfig load(Path file) {
    ObjectNode root;
    try {
      JsonNode read = YAML.readTree(Files.readString(file));
      root = read instanceof ObjectNode o ? o : YAML.createObjectNode();
    } catch (NoSuchFileException e) {
      throw new InvalidWorkerConfigException(List.of(file + ": no such configuration file"));
    } catch (IOException e) {
      throw new InvalidWorkerConfigException(List.of(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
    }
    List<String> problems = new ArrayList<>();
    OVERRIDES.forEach((variable, setting) -> {
      String value = environment.get(variable);
      if (value != null) {
        set(root, setting, value);
      }
    });

    List<String> roles = new ArrayList<>();
    JsonNode rolesNode = root.path("roles");
    if (rolesNode.isTextual()) {
      for (String role : rolesNode.asText().split(",")) {
        roles.add(role.trim());
      }
    } else {
      rolesNode.forEach(r -> roles.add(r.asText()));
    }
    if (roles.isEmpty()) {
      problems.add("roles: missing; one or both of " + String.join(", ", WorkerConfig.ROLES));
    }
    roles.stream().filter(r -> !WorkerConfig.ROLES.contains(r)).forEach(r ->
        problems.add("roles: unknown role '" + r + "' (allowed: " + String.join(", ", WorkerConfig.ROLES) + ")"));

    String host = text(root, "host");
    if (roles.contains("host-agent") && (host == null || !host.matches("[a-z0-9][a-z0-9.-]{0,62}"))) {
      problems.add("host: " + (host == null ? "missing" : "'" + host + "' is not a host name [a-z0-9][a-z0-9.-]{0,62}")
          + "; the host agent polls task queue host-<host>");
    }
    String releaseStore = text(root, "releaseStore");
    if (releaseStore == null) {
      problems.add("releaseStore: missing; a directory, file:///… or azure://<account>/<container>");
    }
    Map<String, String> azure = new LinkedHashMap<>();
    root.path("azure").path("accounts").properties().forEach(account -> {
      String value = secret(account.getValue().path("connectionString").asText(null),
          "azure.accounts." + account.getKey() + ".connectionString", problems);
      if (value != null) {
        azure.put(account.getKey(), value);
      }
    });
    List<WorkerConfig.GitCredential> git = new ArrayList<>();
    JsonNode gitNode = root.path("git").path("credentials");
    for (int i = 0; i < gitNode.size(); i++) {
      JsonNode c = gitNode.get(i);
      git.add(new WorkerConfig.GitCredential(c.path("urlPrefix").asText(), c.path("username").asText(),
          secret(c.path("password").asText(null), "git.credentials[" + i + "].password", problems)));
    }
    List<WorkerConfig.Registry> registries = new ArrayList<>();
    JsonNode registryNode = root.path("registries");
    for (int i = 0; i < registryNode.size(); i++) {
      JsonNode r = registryNode.get(i);
      registries.add(new WorkerConfig.Registry(r.path("registry").asText(), r.path("username").asText(),
          secret(r.path("password").asText(null), "registries[" + i + "].password", problems)));
    }
    JsonNode temporal = root.path("temporal");
    String apiKey = temporal.has("apiKey") ? secret(temporal.path("apiKey").asText(null), "temporal.apiKey", problems) : null;
    if ((text(root, "temporal.tls.clientCert") == null) != (text(root, "temporal.tls.clientKey") == null)) {
      problems.add("temporal.tls: clientCert and clientKey go together (PEM certificate and PKCS#8 key)");
    }
    String metrics = text(root, "metrics.address");
    if (metrics != null && !metrics.matches("[A-Za-z0-9.\\-]+:([0-9]{1,5})")) {
      problems.add("metrics.address: '" + metrics + "' is not host:port, e.g. 127.0.0.1:9464 (port 0 picks a free port)");
    }
    String loadersText = textOr(root, "restore.loaders", "0");
    int loaders = loadersText.matches("[0-9]{1,2}") ? Integer.parseInt(loadersText) : -1;
    if (loaders < 0 || loaders > WorkerConfig.MAX_RESTORE_LOADERS) {
      problems.add("restore.loaders: '" + loadersText + "' is not a number from 0 (follow the machine: the host's cores "
          + "and the database container's CPU limit) to " + WorkerConfig.MAX_RESTORE_LOADERS);
    }
    if (!problems.isEmpty()) {
      throw new InvalidWorkerConfigException(problems.stream().map(p -> file + ": " + p).toList());
    }
    return new WorkerConfig(
        new WorkerConfig.Temporal(text(root, "temporal.address"), textOr(root, "temporal.namespace", "default"), apiKey,
            path(root, "temporal.tls.clientCert"), path(root, "temporal.tls.clientKey")),
        roles, host, textOr(root, "docker.host", "unix:///var/run/docker.sock"),
        Path.of(textOr(root, "stacksDir", "/var/lib/stackpilot/stacks")),
        Path.of(textOr(root, "gitCacheDir", "/var/cache/stackpilot/git")),
        releaseStore, azure, git, registries, metrics, loaders);
  }

  /** A credential given as a reference: env:NAME from the worker's environment, file:/path from the host. */
  private String secret(String reference, String setting, List<String> problems) {
    if (reference == null) {
      problems.add(setting + ": missing");
      return null;
    }
    if (reference.startsWith("env:")) {
      String value = environment.get(reference.substring(4));
      if (value == null) {
        problems.add(setting + ": environment variable " + reference.substring(4) + " is not set");
      }
      return value;
    }
    if (reference.startsWith("file:")) {
      try {
        return Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        problems.add(setting + ": cannot read " + reference.substring(5));
        return null;
      }
    }
    problems.add(setting + ": must be a reference env:NAME or file:/path, not the secret itself");
    return null;
  }

  private static String text(JsonNode root, String dotted) {
    JsonNode node = root;
    for (String key : dotted.split("\\.")) {
      node = node.path(key);
    }
    return node.isValueNode() && !node.asText().isBlank() ? node.asText() : null;
  }

  private static String textOr(JsonNode root, String dotted, String fallback) {
    String value = text(root, dotted);
    return value == null ? fallback : value;
  }

  private static Path path(JsonNode root, String dotted) {
    String value = text(root, dotted);
    return value == null ? null : Path.of(value);
  }

  private static void set(ObjectNode root, String dotted, String value) {
    String[] keys = dotted.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < keys.length - 1; i++) {
      node = node.path(keys[i]) instanceof ObjectNode child ? child : node.putObject(keys[i]);
    }
    node.put(keys[keys.length - 1], value);
  }
}
