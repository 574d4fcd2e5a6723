package io.stackpilot.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackpilot.model.ReleaseSpec.DatabaseSpec;
import io.stackpilot.model.ReleaseSpec.FilesSpec;
import io.stackpilot.model.ReleaseSpec.ResourceLimits;
import io.stackpilot.model.ReleaseSpec.SecretSpec;
import io.stackpilot.model.ServiceSpec.Healthcheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and checks one {@code release.yaml}: its schema, then the rules that tie its parts together. */
public final class ReleaseReader {

  private static final SchemaCheck SCHEMA = SchemaCheck.fromClasspath("release.schema.json");

  private ReleaseReader() {}

  public static String fileName(String version) {
    return "releases/" + version + "/release.yaml";
  }

  public static Result<ReleaseSpec> read(String version, String text) {
    String file = fileName(version);
    Result<JsonNode> document = YamlDocument.read(file, text);
    if (!document.isValid()) {
      return Result.invalid(document.problems());
    }
    List<Problem> problems = SCHEMA.check(file, document.value());
    if (!problems.isEmpty()) {
      return Result.invalid(problems);
    }
    ReleaseSpec release = toSpec(document.value());
    problems.addAll(consistency(file, version, release));
    return problems.isEmpty() ? Result.valid(release) : Result.invalid(problems);
  }

  private static List<Problem> consistency(String file, String version, ReleaseSpec release) {
    List<Problem> problems = new ArrayList<>();
    String offered = String.join(", ", release.services().keySet());
    if (!release.release().equals(version)) {
      problems.add(new Problem(file, "release", "'" + release.release() + "' does not match its folder releases/" + version));
    }
    if (!release.services().containsKey(release.database().service())) {
      problems.add(new Problem(file, "database.service", "unknown service '" + release.database().service() + "' (services: " + offered + ")"));
    }
    if (!release.secrets().containsKey(release.database().rootPasswordSecret())) {
      problems.add(new Problem(file, "database.rootPasswordSecret", "unknown secret '" + release.database().rootPasswordSecret()
          + "' (secrets: " + String.join(", ", release.secrets().keySet()) + ")"));
    }
    if (release.files() != null && !release.volumes().contains(release.files().volume())) {
      problems.add(new Problem(file, "files.volume", "volume '" + release.files().volume() + "' is not declared under volumes ("
          + String.join(", ", release.volumes()) + ")"));
    }
    release.services().forEach((name, service) -> {
      String at = "services." + name;
      for (int i = 0; i < service.volumes().size(); i++) {
        String source = service.volumes().get(i).volume();
        if (!release.volumes().contains(source)) {
          problems.add(new Problem(file, at + ".volumes[" + i + "]", "volume '" + source + "' is not declared under volumes ("
              + String.join(", ", release.volumes()) + "); bind mounts are not allowed in a release"));
        }
      }
      service.secrets().stream().filter(secret -> !release.secrets().containsKey(secret)).forEach(secret ->
          problems.add(new Problem(file, at + ".secrets", "unknown secret '" + secret + "' (secrets: "
              + String.join(", ", release.secrets().keySet()) + ")")));
      service.dependsOn().keySet().stream().filter(dep -> !release.services().containsKey(dep)).forEach(dep ->
          problems.add(new Problem(file, at + ".depends_on", "unknown service '" + dep + "' (services: " + offered + ")")));
      service.environment().forEach((key, value) -> Placeholders.in(value).stream()
          .filter(p -> !Placeholders.ALLOWED.contains(p))
          .forEach(p -> problems.add(new Problem(file, at + ".environment." + key,
              "unknown placeholder ${" + p + "} (allowed: " + Placeholders.allowedList() + ")"))));
    });
    release.sizing().forEach((profile, limits) -> {
      limits.keySet().stream().filter(s -> !release.services().containsKey(s)).forEach(s ->
          problems.add(new Problem(file, "sizing." + profile + "." + s, "unknown service '" + s + "' (services: " + offered + ")")));
      release.services().keySet().stream().filter(s -> !limits.containsKey(s)).forEach(s ->
          problems.add(new Problem(file, "sizing." + profile, "no limits for service '" + s + "'")));
    });
    return problems;
  }

  private static ReleaseSpec toSpec(JsonNode root) {
    Map<String, ServiceSpec> services = new LinkedHashMap<>();
    root.path("services").properties().forEach(e -> services.put(e.getKey(), service(e.getValue())));
    List<String> volumes = new ArrayList<>();
    root.path("volumes").fieldNames().forEachRemaining(volumes::add);
    JsonNode db = root.path("database");
    Map<String, SecretSpec> secrets = new LinkedHashMap<>();
    root.path("secrets").properties().forEach(e -> secrets.put(e.getKey(),
        new SecretSpec(e.getValue().path("description").asText(null), e.getValue().path("target").asText())));
    Map<String, Map<String, ResourceLimits>> sizing = new LinkedHashMap<>();
    root.path("sizing").properties().forEach(profile -> {
      Map<String, ResourceLimits> limits = new LinkedHashMap<>();
      profile.getValue().properties().forEach(s -> limits.put(s.getKey(),
          new ResourceLimits(MemorySize.parse(s.getValue().path("memory").asText()), s.getValue().path("cpus").asDouble())));
      sizing.put(profile.getKey(), Map.copyOf(limits));
    });
    return new ReleaseSpec(
        root.path("release").asText(),
        services,
        volumes,
        new DatabaseSpec(db.path("service").asText(), db.path("name").asText(), db.path("rootPasswordSecret").asText(),
            db.path("binlog").asText(null)),
        root.has("files") ? new FilesSpec(root.path("files").path("volume").asText(),
            root.path("files").path("owner").asText(null)) : null,
        secrets,
        sizing);
  }

  private static ServiceSpec service(JsonNode node) {
    Map<String, String> environment = new LinkedHashMap<>();
    node.path("environment").properties().forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
    JsonNode hc = node.path("healthcheck");
    Healthcheck healthcheck = hc.isMissingNode() ? null : new Healthcheck(strings(hc.path("test")),
        hc.path("interval").asText(null), hc.path("timeout").asText(null), hc.path("start_period").asText(null),
        hc.has("retries") ? hc.path("retries").asInt() : null);
    return new ServiceSpec(
        node.path("image").asText(),
        stringOrList(node.path("command")),
        stringOrList(node.path("entrypoint")),
        environment,
        strings(node.path("ports")).stream().map(PortMapping::parse).toList(),
        strings(node.path("volumes")).stream().map(VolumeMount::parse).toList(),
        dependsOn(node.path("depends_on")),
        healthcheck,
        node.path("restart").asText(null),
        strings(node.path("secrets")),
        node.path("x-stackpilot").path("optional").asBoolean(false));
  }

  /** Compose allows a list of names (meaning service_started) or a map of conditions. */
  private static Map<String, String> dependsOn(JsonNode node) {
    Map<String, String> conditions = new LinkedHashMap<>();
    if (node instanceof ArrayNode names) {
      names.forEach(n -> conditions.put(n.asText(), "service_started"));
    } else if (node instanceof ObjectNode map) {
      map.properties().forEach(e -> conditions.put(e.getKey(), e.getValue().path("condition").asText()));
    }
    return conditions;
  }

  /** Compose allows "a b c" or [a, b, c]; a string is split on spaces, as Compose does. */
  private static List<String> stringOrList(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    return node.isTextual() ? List.of(node.asText().trim().split("\\s+")) : strings(node);
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(v -> values.add(v.asText()));
    return values;
  }
}
