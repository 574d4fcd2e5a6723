package io.stackpilot.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Validates a {@code stack.yaml} before anything else happens: its schema, then the rules that need the
 * release it names (services, sizing, secrets, placeholders). Returns every problem at once.
 */
public final class StackValidator {

  public static final String FILE = "stack.yaml";

  private static final SchemaCheck SCHEMA = SchemaCheck.fromClasspath("stack.schema.json");
  private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY).*");
  /** A URL carrying a user and password: {@code https://bot:hunter2@host/}. */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^/@\\s]+:[^/@\\s]*@");
  private static final Pattern CUSTOMER = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
  /** An env value is rendered into the stack's .env file and the container's environment. */
  static final int MAX_ENV_VALUE = 4096;

  private StackValidator() {}

  /** Validates with the default rules, as {@code stackctl validate} does without a worker configuration. */
  public static Result<ValidatedStack> validate(String stackYaml, ReleaseCatalog releases) {
    return validate(stackYaml, releases, StackRules.DEFAULT);
  }

  public static Result<ValidatedStack> validate(String stackYaml, ReleaseCatalog releases, StackRules rules) {
    Result<JsonNode> document = YamlDocument.read(FILE, stackYaml);
    if (!document.isValid()) {
      return Result.invalid(document.problems());
    }
    JsonNode root = document.value();
    List<Problem> problems = new ArrayList<>(SCHEMA.check(FILE, root));

    Optional<ReleaseSpec> release = release(root, releases, problems);
    release.ifPresent(r -> problems.addAll(againstRelease(root, r)));
    problems.addAll(timezone(root));
    problems.addAll(maintenance(root));
    problems.addAll(hostRules(root, rules));
    List<Problem> store = StoreUrl.problems(FILE, "backup.store", root.path("backup").path("store"));
    problems.addAll(store);
    String customer = root.path("customer").asText();
    if (store.isEmpty() && root.path("backup").path("store").isTextual() && CUSTOMER.matcher(customer).matches()) {
      rules.backupStores().refusal(customer, root.path("backup").path("store").asText())
          .ifPresent(why -> problems.add(new Problem(FILE, "backup.store", why)));
    }

    if (!problems.isEmpty() || release.isEmpty()) {
      return Result.invalid(problems);
    }
    return Result.valid(new ValidatedStack(toSpec(root, release.get()), release.get()));
  }

  private static Optional<ReleaseSpec> release(JsonNode root, ReleaseCatalog releases, List<Problem> problems) {
    JsonNode version = root.path("release");
    if (!version.isTextual()) {
      return Optional.empty(); // the schema check has said why
    }
    Optional<String> text = releases.releaseYaml(version.asText());
    if (text.isEmpty()) {
      List<String> available = releases.versions();
      problems.add(new Problem(FILE, "release", "'" + version.asText() + "' does not exist in the release store ("
          + (available.isEmpty() ? "the store does not list its releases" : "available: " + String.join(", ", available)) + ")"));
      return Optional.empty();
    }
    Result<ReleaseSpec> release = ReleaseReader.read(version.asText(), text.get());
    problems.addAll(release.problems());
    return Optional.ofNullable(release.value());
  }

  private static List<Problem> againstRelease(JsonNode root, ReleaseSpec release) {
    List<Problem> problems = new ArrayList<>();
    String v = release.release();
    String offered = String.join(", ", release.services().keySet());
    List<String> enabled = enabledServices(root, release);

    JsonNode services = root.path("services");
    for (int i = 0; i < services.size(); i++) {
      String name = services.get(i).asText();
      if (services.get(i).isTextual() && !release.services().containsKey(name)) {
        problems.add(new Problem(FILE, "services[" + i + "]", "unknown service '" + name + "' (release " + v + " offers " + offered + ")"));
      }
    }
    if (root.path("backup").has("binlog") && release.database().binlogForbidden()) {
      problems.add(new Problem(FILE, "backup.binlog", "release " + v + " does not allow archiving the binary log "
          + "(its release.yaml says database.binlog: forbidden); remove backup.binlog"));
    }
    String db = release.database().service();
    if (services.isArray() && !enabled.contains(db)) {
      problems.add(new Problem(FILE, "services", "must include the database service '" + db + "' (release " + v + ")"));
    }

    JsonNode sizing = root.path("sizing");
    boolean knownProfileName = List.of("small", "medium", "large").contains(sizing.asText());
    if (knownProfileName && !release.sizing().containsKey(sizing.asText())) {
      problems.add(new Problem(FILE, "sizing", "release " + v + " has no profile '" + sizing.asText() + "' (it offers "
          + String.join(", ", release.sizing().keySet()) + ")"));
    }

    root.path("env").properties().forEach(entry -> {
      String service = entry.getKey();
      if (!release.services().containsKey(service)) {
        problems.add(new Problem(FILE, "env." + service, "unknown service '" + service + "' (release " + v + " offers " + offered + ")"));
      } else if (!enabled.contains(service)) {
        problems.add(new Problem(FILE, "env." + service, "service '" + service + "' is not enabled ("
            + (enabled.isEmpty() ? "no service is" : "enabled: " + String.join(", ", enabled)) + ")"));
      }
      entry.getValue().properties().forEach(variable -> {
        if (SECRET_LIKE.matcher(variable.getKey()).matches()) {
          problems.add(new Problem(FILE, "env." + service + "." + variable.getKey(),
              "looks like a secret; env never holds secret values: reference it under secrets (env:NAME or file:/path)"));
        }
      });
    });

    root.path("ports").properties().forEach(entry -> {
      String service = entry.getKey();
      ServiceSpec spec = release.services().get(service);
      if (spec == null || !enabled.contains(service)) {
        problems.add(new Problem(FILE, "ports." + service, spec == null
            ? "unknown service '" + service + "' (release " + v + " offers " + offered + ")"
            : "service '" + service + "' is not enabled"));
        return;
      }
      List<String> published = spec.ports().stream().map(p -> String.valueOf(p.containerPort())).toList();
      entry.getValue().fieldNames().forEachRemaining(port -> {
        if (!published.contains(port)) {
          problems.add(new Problem(FILE, "ports." + service + "." + port, "service '" + service
              + "' publishes no container port " + port + " (it publishes " + (published.isEmpty() ? "none" : String.join(", ", published)) + ")"));
        }
      });
    });

    JsonNode secrets = root.path("secrets");
    String needed = String.join(", ", release.secrets().keySet());
    release.secrets().keySet().stream().filter(s -> !secrets.has(s)).forEach(s ->
        problems.add(new Problem(FILE, "secrets", "missing '" + s + "' (release " + v + " needs " + needed + ")")));
    secrets.fieldNames().forEachRemaining(s -> {
      if (!release.secrets().containsKey(s)) {
        problems.add(new Problem(FILE, "secrets." + s, "release " + v + " has no secret '" + s + "' (it needs "
            + (needed.isEmpty() ? "none" : needed) + ")"));
      }
    });

    if (!root.has("dns")) {
      release.services().forEach((name, service) -> service.environment().forEach((key, value) -> {
        if (enabled.contains(name) && Placeholders.in(value).contains("dns.public")) {
          problems.add(new Problem(FILE, "dns.public", "is required: release " + v + " uses it in services." + name + ".environment." + key));
        }
      }));
    }
    return problems;
  }

  /** What the host must allow: the customer's own secrets, low ports, env values that render safely. */
  private static List<Problem> hostRules(JsonNode root, StackRules rules) {
    List<Problem> problems = new ArrayList<>();
    String customer = root.path("customer").asText();
    if (!CUSTOMER.matcher(customer).matches()) {
      return problems; // the schema check has said why; the rules below are per customer
    }
    Optional<String> unfit = StackRules.customerRefusal(customer);
    if (unfit.isPresent()) {
      problems.add(new Problem(FILE, "customer", unfit.get()));
      return problems;
    }
    root.path("secrets").properties().forEach(secret -> {
      if (SecretRef.parse(secret.getValue().asText()).isPresent()) {
        rules.refusal(customer, secret.getValue().asText()).ifPresent(why ->
            problems.add(new Problem(FILE, "secrets." + secret.getKey(), why)));
      }
    });
    root.path("ports").properties().forEach(service -> service.getValue().properties().forEach(port -> {
      if (port.getValue().canConvertToInt()) {
        rules.portRefusal(port.getValue().asInt()).ifPresent(why ->
            problems.add(new Problem(FILE, "ports." + service.getKey() + "." + port.getKey(), why)));
      }
    }));
    root.path("env").properties().forEach(service -> service.getValue().properties().forEach(variable -> {
      String at = "env." + service.getKey() + "." + variable.getKey();
      String value = variable.getValue().asText();
      if (value.length() > MAX_ENV_VALUE) {
        problems.add(new Problem(FILE, at, "is " + value.length() + " characters long; at most " + MAX_ENV_VALUE));
      } else if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
        problems.add(new Problem(FILE, at, "contains a line break or control character; env values are one line"));
      } else if (URL_CREDENTIALS.matcher(value).find()) {
        problems.add(new Problem(FILE, at, "carries credentials in a URL (user:password@); use secrets: for them"));
      }
    }));
    return problems;
  }

  private static List<Problem> timezone(JsonNode root) {
    JsonNode zone = root.path("backup").path("timezone");
    if (!zone.isTextual()) {
      return List.of();
    }
    try {
      ZoneId.of(zone.asText());
      return List.of();
    } catch (DateTimeException e) {
      return List.of(new Problem(FILE, "backup.timezone", "'" + zone.asText() + "' is not a known time zone (for example Europe/Berlin, UTC)"));
    }
  }

  /** What the schema cannot say of maintenance windows: a window of no length, a time zone that does not exist. */
  private static List<Problem> maintenance(JsonNode root) {
    List<Problem> problems = new ArrayList<>();
    JsonNode windows = root.path("maintenance").path("windows");
    for (int i = 0; windows.isArray() && i < windows.size(); i++) {
      String window = windows.get(i).asText();
      if (MaintenancePolicy.WINDOW.matcher(window).matches()) {
        int at = i;
        MaintenancePolicy.refusal(window).ifPresent(why -> problems.add(new Problem(FILE,
            "maintenance.windows[" + at + "]", "'" + window + "' " + why)));
      }
    }
    JsonNode zone = root.path("maintenance").path("timezone");
    if (zone.isTextual()) {
      try {
        ZoneId.of(zone.asText());
      } catch (DateTimeException e) {
        problems.add(new Problem(FILE, "maintenance.timezone", "'" + zone.asText()
            + "' is not a known time zone (for example Europe/Berlin, UTC)"));
      }
    }
    return problems;
  }

  private static List<String> enabledServices(JsonNode root, ReleaseSpec release) {
    if (!root.path("services").isArray()) {
      return release.defaultServices();
    }
    List<String> enabled = new ArrayList<>();
    root.path("services").forEach(s -> enabled.add(s.asText()));
    return enabled;
  }

  private static StackSpec toSpec(JsonNode root, ReleaseSpec release) {
    Map<String, Map<String, String>> env = new LinkedHashMap<>();
    root.path("env").properties().forEach(service -> {
      Map<String, String> vars = new LinkedHashMap<>();
      service.getValue().properties().forEach(v -> vars.put(v.getKey(), v.getValue().asText()));
      env.put(service.getKey(), vars);
    });
    Map<String, Map<String, Integer>> ports = new LinkedHashMap<>();
    root.path("ports").properties().forEach(service -> {
      Map<String, Integer> mapped = new LinkedHashMap<>();
      service.getValue().properties().forEach(p -> mapped.put(p.getKey(), p.getValue().asInt()));
      ports.put(service.getKey(), mapped);
    });
    Map<String, String> secrets = new LinkedHashMap<>();
    root.path("secrets").properties().forEach(s -> secrets.put(s.getKey(), s.getValue().asText()));
    JsonNode backup = root.path("backup");
    List<String> exclude = null;
    if (backup.has("exclude")) {
      exclude = new ArrayList<>();
      for (JsonNode e : backup.path("exclude")) {
        exclude.add(e.asText());
      }
    }
    return new StackSpec(
        root.path("customer").asText(),
        root.path("release").asText(),
        root.path("sizing").asText(),
        root.path("host").asText(),
        root.has("dns") ? new Dns(root.path("dns").path("public").asText()) : null,
        enabledServices(root, release),
        env,
        ports,
        secrets,
        new BackupPolicy(backup.path("store").asText(), backupTimes(backup.path("at")),
            backup.path("timezone").asText(null), exclude,
            backup.has("binlog") ? new BackupPolicy.BinlogPolicy(backup.path("binlog").path("every").asText()) : null,
            backup.has("keep") ? new BackupPolicy.KeepPolicy(backup.path("keep").path("daily").asInt(0),
                backup.path("keep").path("weekly").asInt(0), backup.path("keep").path("monthly").asInt(0),
                backup.path("keep").path("yearly").asInt(0)) : null,
            backup.has("days") ? StreamSupport.stream(backup.path("days").spliterator(), false).map(JsonNode::asText)
                .toList() : null),
        root.has("drill") ? new DrillPolicy(root.path("drill").path("every").asText(),
            root.path("drill").path("host").asText(null)) : null,
        null,
        labels(root.path("labels")),
        root.has("maintenance") ? new MaintenancePolicy(StreamSupport.stream(root.path("maintenance").path("windows")
            .spliterator(), false).map(JsonNode::asText).toList(), root.path("maintenance").path("timezone")
            .asText(backup.path("timezone").asText(BackupPolicy.DEFAULT_TIMEZONE))) : null);
  }

  private static Map<String, String> labels(JsonNode labels) {
    Map<String, String> map = new LinkedHashMap<>();
    labels.properties().forEach(label -> map.put(label.getKey(), label.getValue().asText()));
    return map;
  }

  /** {@code backup.at}: one time or a list of them, as the policy keeps them (comma-separated); absent: null. */
  private static String backupTimes(JsonNode at) {
    if (at.isMissingNode() || at.isNull()) {
      return null;
    }
    if (!at.isArray()) {
      return at.asText();
    }
    List<String> times = new ArrayList<>();
    at.forEach(time -> times.add(time.asText()));
    return String.join(",", times);
  }
}
