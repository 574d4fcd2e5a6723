package io.stackpilot.worker.config;

import static io.stackpilot.worker.config.ConfigNodes.duration;
import static io.stackpilot.worker.config.ConfigNodes.path;
import static io.stackpilot.worker.config.ConfigNodes.readableFile;
import static io.stackpilot.worker.config.ConfigNodes.set;
import static io.stackpilot.worker.config.ConfigNodes.text;
import static io.stackpilot.worker.config.ConfigNodes.textOr;
import static io.stackpilot.worker.config.ConfigNodes.urlPrefix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackpilot.activities.git.SignaturePolicy;
import io.stackpilot.model.Problem;
import io.stackpilot.model.Result;
import io.stackpilot.model.SchemaCheck;
import io.stackpilot.model.StackRules;
import io.stackpilot.model.StoreLocation;
import io.stackpilot.model.StoreUrl;
import io.stackpilot.model.YamlDocument;
import io.stackpilot.worker.dashboard.DashboardSettings;
import io.stackpilot.worker.http.ListenAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the worker configuration: the YAML file, then STACKPILOT_* environment variables over it. Every
 * missing, invalid or unknown setting is reported at once, by name, and the worker does not start: a misspelt
 * safeguard must not leave the worker running without it.
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

  /**
   * The shape of the file: every key, its type, which settings are secrets (writeOnly, given by reference); the schema
   * is published beside stack.yaml's for editors. What it cannot say (a file that must exist, settings that go
   * together) is checked below, and that wording wins where both speak of one setting.
   */
  private static final SchemaCheck SCHEMA = SchemaCheck.fromClasspath("worker.schema.json");

  private final Map<String, String> environment;
  public WorkerConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public WorkerConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidWorkerConfigException(List.of(file + ": no such configuration file"));
    } catch (IOException e) {
      throw new InvalidWorkerConfigException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    Result<JsonNode> document = YamlDocument.read(file.toString(), text);
    if (!document.isValid()) {
      throw new InvalidWorkerConfigException(document.problems().stream().map(Problem::toString).toList());
    }
    ObjectNode root = (ObjectNode) document.value();
    List<String> problems = new ArrayList<>();
    ConfigSecrets secrets = new ConfigSecrets(environment);
    EndpointSettings endpoints = new EndpointSettings(secrets);
    List<Problem> shape = SCHEMA.check(file.toString(), root);
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
    } else {
      if (StoreLocation.parseRelease(releaseStore).isEmpty()) {
        problems.add("releaseStore: '" + releaseStore + "' " + StoreUrl.refusal(releaseStore)
            .orElse("is not a directory, " + StoreLocation.FORMS));
      }
    }
    Map<String, String> azure = new LinkedHashMap<>();
    Map<String, Duration> retention = new LinkedHashMap<>();
    root.path("azure").path("accounts").properties().forEach(account -> {
      String at = "azure.accounts." + account.getKey();
      String value = secrets.secret(account.getValue().path("connectionString").asText(null), at + ".connectionString", problems);
      if (value != null) {
        azure.put(account.getKey(), value);
      }
      String period = account.getValue().path("retention").asText(null);
      if (period != null) {
        Duration parsed = duration(period);
        if (parsed == null) {
          problems.add(at + ".retention: '" + period + "' is not a period longer than zero such as P30D or P365D");
        } else {
          retention.put(account.getKey(), parsed);
        }
      }
    });
    List<WorkerConfig.GitCredential> git = new ArrayList<>();
    JsonNode gitNode = root.path("git").path("credentials");
    for (int i = 0; i < gitNode.size(); i++) {
      JsonNode c = gitNode.get(i);
      String prefix = urlPrefix(c, "git.credentials[" + i + "]", problems);
      git.add(new WorkerConfig.GitCredential(prefix, c.path("username").asText(),
          secrets.secret(c.path("password").asText(null), "git.credentials[" + i + "].password", problems)));
    }
    List<WorkerConfig.SshKey> ssh = new ArrayList<>();
    JsonNode sshNode = root.path("git").path("ssh");
    for (int i = 0; i < sshNode.size(); i++) {
      String at = "git.ssh[" + i + "]";
      JsonNode k = sshNode.get(i);
      String prefix = urlPrefix(k, at, problems);
      Path key = readableFile(k, "privateKey", at, "the SSH private key (OpenSSH format)", problems);
      Path knownHosts = readableFile(k, "knownHosts", at, "the known_hosts file listing the server's host key", problems);
      ssh.add(new WorkerConfig.SshKey(prefix, key, knownHosts));
    }
    List<WorkerConfig.SignedCommits> signed = new ArrayList<>();
    JsonNode signedNode = root.path("git").path("signedCommits");
    for (int i = 0; i < signedNode.size(); i++) {
      String at = "git.signedCommits[" + i + "]";
      String prefix = urlPrefix(signedNode.get(i), at, problems);
      List<String> keys = new ArrayList<>();
      JsonNode keyFiles = signedNode.get(i).path("keys");
      if (keyFiles.isEmpty()) {
        problems.add(at + ".keys: missing; the armored OpenPGP public keys (files) whose signatures are trusted");
      }
      for (int j = 0; j < keyFiles.size(); j++) {
        String keyAt = at + ".keys[" + j + "]";
        try {
          String armored = Files.readString(Path.of(keyFiles.get(j).asText()), StandardCharsets.US_ASCII);
          new SignaturePolicy(List.of(new SignaturePolicy.Rule(prefix, List.of(armored))));
          keys.add(armored);
        } catch (IOException e) {
          problems.add(keyAt + ": cannot read " + keyFiles.get(j).asText());
        } catch (RuntimeException e) {
          problems.add(keyAt + ": " + keyFiles.get(j).asText() + " is not an armored OpenPGP public key (gpg --export --armor)");
        }
      }
      signed.add(new WorkerConfig.SignedCommits(prefix, keys));
    }
    List<WorkerConfig.Registry> registries = new ArrayList<>();
    JsonNode registryNode = root.path("registries");
    for (int i = 0; i < registryNode.size(); i++) {
      JsonNode r = registryNode.get(i);
      registries.add(new WorkerConfig.Registry(r.path("registry").asText(), r.path("username").asText(),
          secrets.secret(r.path("password").asText(null), "registries[" + i + "].password", problems)));
    }
    JsonNode temporal = root.path("temporal");
    String apiKey = temporal.has("apiKey") ? secrets.secret(temporal.path("apiKey").asText(null), "temporal.apiKey", problems) : null;
    if ((text(root, "temporal.tls.clientCert") == null) != (text(root, "temporal.tls.clientKey") == null)) {
      problems.add("temporal.tls: clientCert and clientKey go together (PEM certificate and PKCS#8 key)");
    }
    for (String tlsFile : List.of("clientCert", "clientKey", "serverCa")) {
      String value = text(root, "temporal.tls." + tlsFile);
      if (value != null && !Files.isReadable(Path.of(value))) {
        problems.add("temporal.tls." + tlsFile + ": cannot read " + value);
      }
    }
    String serverName = text(root, "temporal.tls.serverName");
    if (serverName != null && !serverName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
      problems.add("temporal.tls.serverName: '" + serverName + "' is not a host name (the name in the server's "
          + "certificate, e.g. temporal.internal)");
    }
    String metrics = text(root, "metrics.address");
    if (metrics != null && ListenAddress.parse(metrics).isEmpty()) {
      problems.add("metrics.address: '" + metrics + "' is not host:port, e.g. 127.0.0.1:9464 (port 0 picks a free port)");
    }
    String loadersText = textOr(root, "restore.loaders", "0");
    int loaders = loadersText.matches("[0-9]{1,2}") ? Integer.parseInt(loadersText) : -1;
    if (loaders < 0 || loaders > WorkerConfig.MAX_RESTORE_LOADERS) {
      problems.add("restore.loaders: '" + loadersText + "' is not a number from 0 (follow the machine: the host's cores "
          + "and the database container's CPU limit) to " + WorkerConfig.MAX_RESTORE_LOADERS);
    }
    Duration sticky = stickyQueueTimeout(root, problems);
    WorkerConfig.Capacity capacity = capacity(root, problems);
    io.stackpilot.activities.store.retention.BackupPruner.Floor floor = pruneFloor(root, problems);
    WorkerConfig.Rollouts rollouts = rollouts(root, secrets, problems);
    StackRules rules = StackRulesSettings.stackRules(root, problems);
    WorkerConfig.Codec codec = endpoints.codec(root, problems);
    WorkerConfig.Hooks hooks = endpoints.hooks(root, problems);
    List<WorkerConfig.NotifyWebhook> notify = endpoints.notify(root, problems);
    DashboardSettings dashboard = endpoints.dashboard(root, problems);
    secrets.outOfStacksReach(root, rules, problems);
    if (dashboard.address() != null && !roles.contains("control")) {
      problems.add("dashboard.address: the dashboard is served by a worker with the control role (roles: [control, …])");
    }
    Set<String> named = problems.stream().map(p -> p.substring(0, Math.max(0, p.indexOf(": ")))).collect(Collectors.toSet());
    List<String> all = new ArrayList<>();
    // The loader's own word on a setting covers what the schema says about it and about its items.
    shape.stream().filter(p -> named.stream().noneMatch(n -> p.path().equals(n) || p.path().startsWith(n + "[")
        || p.path().startsWith(n + "."))).forEach(p -> all.add(p.toString()));
    problems.forEach(p -> all.add(file + ": " + p));
    if (!all.isEmpty()) {
      throw new InvalidWorkerConfigException(all);
    }
    return new WorkerConfig(
        new WorkerConfig.Temporal(text(root, "temporal.address"), textOr(root, "temporal.namespace", "default"), apiKey,
            path(root, "temporal.tls.clientCert"), path(root, "temporal.tls.clientKey"), sticky,
            path(root, "temporal.tls.serverCa"), serverName, capacity),
        roles, host, textOr(root, "docker.host", "unix:///var/run/docker.sock"),
        Path.of(textOr(root, "stacksDir", "/var/lib/stackpilot/stacks")),
        Path.of(textOr(root, "gitCacheDir", "/var/cache/stackpilot/git")),
        releaseStore, azure, git, registries, metrics, loaders,
        new WorkerConfig.Safeguards(signed, ssh, retention, rules, floor, rollouts), codec, hooks, notify, dashboard);
  }

  private static final java.util.regex.Pattern AUTHOR = java.util.regex.Pattern.compile(
      "([^<>\\n]{1,100}) <([^<>\\s@]{1,64}@[^<>\\s@]{1,190})>");
  private static final java.util.regex.Pattern BRANCH_RULE = java.util.regex.Pattern.compile("[A-Za-z0-9._/*?-]{1,200}");

  /** How rollouts write into customer repos: branches never pushed to, the commits' author and their signing key. */
  private static WorkerConfig.Rollouts rollouts(JsonNode root, ConfigSecrets secrets, List<String> problems) {
    List<String> protectedBranches = new ArrayList<>();
    JsonNode branches = root.path("rollouts").path("protectedBranches");
    for (int i = 0; branches.isArray() && i < branches.size(); i++) {
      String rule = branches.get(i).asText();
      if (!BRANCH_RULE.matcher(rule).matches()) {
        problems.add("rollouts.protectedBranches[" + i + "]: '" + io.stackpilot.model.Problem.visible(rule)
            + "' is not a branch name or glob (letters, "
            + "digits, . _ / - * ?)");
      }
      protectedBranches.add(rule);
    }
    io.stackpilot.activities.git.CommitSigner signer = signer(root, secrets, problems);
    String author = text(root, "rollouts.author");
    if (author == null) {
      return new WorkerConfig.Rollouts(protectedBranches, WorkerConfig.Rollouts.DEFAULT.authorName(),
          WorkerConfig.Rollouts.DEFAULT.authorEmail(), signer);
    }
    java.util.regex.Matcher m = AUTHOR.matcher(author);
    if (!m.matches()) {
      problems.add("rollouts.author: '" + io.stackpilot.model.Problem.visible(author)
          + "' is not 'Name <e-mail>', e.g. 'Stackpilot <stackpilot@ops.example.com>'");
      return WorkerConfig.Rollouts.DEFAULT;
    }
    return new WorkerConfig.Rollouts(protectedBranches, m.group(1).strip(), m.group(2), signer);
  }

  /**
   * The key that signs rollout commits: {@code rollouts.signingKey}, a reference to an armored OpenPGP secret key
   * (file:/path or env:NAME, like every credential of the worker's), unlocked with
   * {@code rollouts.signingKeyPassphrase} when it has one; null when not set.
   */
  private static io.stackpilot.activities.git.CommitSigner signer(JsonNode root, ConfigSecrets secrets,
      List<String> problems) {
    String reference = text(root, "rollouts.signingKey");
    if (reference == null) {
      if (text(root, "rollouts.signingKeyPassphrase") != null) {
        problems.add("rollouts.signingKeyPassphrase: given without rollouts.signingKey");
      }
      return null;
    }
    String armored = secrets.secret(reference, "rollouts.signingKey", problems);
    String passphraseReference = text(root, "rollouts.signingKeyPassphrase");
    String passphrase = passphraseReference == null ? null
        : secrets.secret(passphraseReference, "rollouts.signingKeyPassphrase", problems);
    if (armored == null || passphraseReference != null && passphrase == null) {
      return null;
    }
    try {
      return io.stackpilot.activities.git.CommitSigner.of(armored, passphrase == null ? null : passphrase.toCharArray());
    } catch (io.stackpilot.model.InvalidConfigurationException e) {
      problems.add("rollouts.signingKey: " + reference + " " + e.getMessage());
      return null;
    }
  }

  /** What pruning keeps whatever a stack.yaml's backup.keep says: the operator's, not the repo's. */
  private static io.stackpilot.activities.store.retention.BackupPruner.Floor pruneFloor(JsonNode root,
      List<String> problems) {
    io.stackpilot.activities.store.retention.BackupPruner.Floor floor =
        io.stackpilot.activities.store.retention.BackupPruner.Floor.DEFAULT;
    String newestText = textOr(root, "prune.keepNewest", String.valueOf(floor.newest()));
    int newest = newestText.matches("[0-9]{1,4}") ? Integer.parseInt(newestText) : -1;
    if (newest < 1 || newest > 1000) {
      problems.add("prune.keepNewest: '" + newestText + "' is not a number from 1 to 1000");
    }
    String ageText = textOr(root, "prune.keepYoungerThan", "P" + floor.youngerThan().toDays() + "D");
    Duration age = null;
    try {
      age = ageText.matches("P[0-9]{1,4}D") ? Duration.parse(ageText) : null;
    } catch (DateTimeParseException e) {
      // reported below
    }
    if (age == null || age.toDays() > 3660) {
      problems.add("prune.keepYoungerThan: '" + ageText + "' is not a number of days from P0D to P3660D, e.g. P7D");
    }
    return newest < 1 || newest > 1000 || age == null || age.toDays() > 3660 ? floor
        : new io.stackpilot.activities.store.retention.BackupPruner.Floor(newest, age);
  }

  /** Each setting of temporal.capacity a whole number in its range; absent: the SDK's default. */
  private static WorkerConfig.Capacity capacity(JsonNode root, List<String> problems) {
    return new WorkerConfig.Capacity(count(root, "temporal.capacity.workflowCacheSize", 100_000, problems),
        count(root, "temporal.capacity.workflowPollers", 64, problems),
        count(root, "temporal.capacity.activityPollers", 64, problems),
        count(root, "temporal.capacity.maxConcurrentActivities", 10_000, problems));
  }

  private static int count(JsonNode root, String key, int most, List<String> problems) {
    String text = text(root, key);
    if (text == null) {
      return 0;
    }
    if (text.matches("[0-9]{1,6}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= most) {
      return Integer.parseInt(text);
    }
    problems.add(key + ": '" + io.stackpilot.model.Problem.visible(text) + "' is not a whole number from 1 to " + most);
    return 0;
  }

  /** At most a minute: longer only delays a dead worker's runs; zero turns sticky execution off. */
  private static Duration stickyQueueTimeout(JsonNode root, List<String> problems) {
    String text = text(root, "temporal.stickyQueueTimeout");
    if (text == null) {
      return null;
    }
    try {
      Duration parsed = Duration.parse(text);
      if (!parsed.isNegative() && parsed.compareTo(Duration.ofMinutes(1)) <= 0) {
        return parsed;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problems.add("temporal.stickyQueueTimeout: '" + text + "' is not a duration from PT0S (no sticky execution) to PT1M,"
        + " e.g. PT5S");
    return null;
  }

}
