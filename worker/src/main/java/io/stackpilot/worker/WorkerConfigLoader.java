package io.stackpilot.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackpilot.activities.git.SignaturePolicy;
import io.stackpilot.model.Problem;
import io.stackpilot.model.Result;
import io.stackpilot.model.SecretRef;
import io.stackpilot.model.StackRules;
import io.stackpilot.model.StoreLocation;
import io.stackpilot.model.StoreScopes;
import io.stackpilot.model.StoreUrl;
import io.stackpilot.model.YamlDocument;
import io.stackpilot.worker.dashboard.DashboardSettings;
import io.stackpilot.worker.dashboard.Operator;
import io.stackpilot.worker.http.ListenAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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

  /** Every key the configuration knows; "*" stands for any name (an account, a customer), [x] for a list of x. */
  private static final JsonNode KNOWN = known("""
      {"roles": 0, "host": 0, "releaseStore": 0, "stacksDir": 0, "gitCacheDir": 0,
       "temporal": {"address": 0, "namespace": 0, "apiKey": 0, "tls": {"clientCert": 0, "clientKey": 0},
         "stickyQueueTimeout": 0},
       "docker": {"host": 0},
       "azure": {"accounts": {"*": {"connectionString": 0, "retention": 0}}},
       "git": {"credentials": [{"urlPrefix": 0, "username": 0, "password": 0}],
               "ssh": [{"urlPrefix": 0, "privateKey": 0, "knownHosts": 0}],
               "signedCommits": [{"urlPrefix": 0, "keys": [0]}]},
       "registries": [{"registry": 0, "username": 0, "password": 0}],
       "metrics": {"address": 0},
       "restore": {"loaders": 0},
       "secrets": {"dir": 0, "allowedPrefixes": {"*": [0]}},
       "imports": {"dir": 0},
       "backupStores": {"*": [0]},
       "ports": {"allowPrivileged": [0]},
       "codec": {"keys": [{"id": 0, "key": 0}], "endpoint": 0, "corsOrigins": [0], "tokens": [0], "hosts": [0],
         "allowAllInterfaces": 0, "acceptPlaintext": 0},
       "hooks": {"address": 0, "github": {"secret": 0}, "gitea": {"secret": 0}, "gitlab": {"token": 0}},
       "notify": {"webhooks": [{"url": 0, "format": 0, "events": [0]}]},
       "dashboard": {"address": 0, "temporalWebUi": 0, "operators": [{"name": 0, "token": 0}], "publicRead": 0}}
      """);

  /** A URL prefix that names at least a host and ends the host with '/' (https://git.example.com/ …), or a file:/// path. */
  private static final Pattern URL_PREFIX = Pattern.compile("file:///\\S*|[a-z][a-z0-9+.-]*://[^/\\s]+/\\S*");

  private final Map<String, String> environment;
  /** The references to the worker's own secrets in the file being read, by setting: no stack may reach them. */
  private final Map<String, SecretRef> ownSecrets = new LinkedHashMap<>();

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
    ownSecrets.clear();
    unknownKeys(root, KNOWN, "", problems);
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
      String value = secret(account.getValue().path("connectionString").asText(null), at + ".connectionString", problems);
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
          secret(c.path("password").asText(null), "git.credentials[" + i + "].password", problems)));
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
          secret(r.path("password").asText(null), "registries[" + i + "].password", problems)));
    }
    JsonNode temporal = root.path("temporal");
    String apiKey = temporal.has("apiKey") ? secret(temporal.path("apiKey").asText(null), "temporal.apiKey", problems) : null;
    if ((text(root, "temporal.tls.clientCert") == null) != (text(root, "temporal.tls.clientKey") == null)) {
      problems.add("temporal.tls: clientCert and clientKey go together (PEM certificate and PKCS#8 key)");
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
    StackRules rules = stackRules(root, problems);
    WorkerConfig.Codec codec = codec(root, problems);
    WorkerConfig.Hooks hooks = hooks(root, problems);
    List<WorkerConfig.NotifyWebhook> notify = notify(root, problems);
    DashboardSettings dashboard = dashboard(root, problems);
    ownSecretsOutOfStacksReach(root, rules, problems);
    if (dashboard.address() != null && !roles.contains("control")) {
      problems.add("dashboard.address: the dashboard is served by a worker with the control role (roles: [control, …])");
    }
    if (!problems.isEmpty()) {
      throw new InvalidWorkerConfigException(problems.stream().map(p -> file + ": " + p).toList());
    }
    return new WorkerConfig(
        new WorkerConfig.Temporal(text(root, "temporal.address"), textOr(root, "temporal.namespace", "default"), apiKey,
            path(root, "temporal.tls.clientCert"), path(root, "temporal.tls.clientKey"), sticky),
        roles, host, textOr(root, "docker.host", "unix:///var/run/docker.sock"),
        Path.of(textOr(root, "stacksDir", "/var/lib/stackpilot/stacks")),
        Path.of(textOr(root, "gitCacheDir", "/var/cache/stackpilot/git")),
        releaseStore, azure, git, registries, metrics, loaders,
        new WorkerConfig.Safeguards(signed, ssh, retention, rules), codec, hooks, notify, dashboard);
  }

  private List<WorkerConfig.NotifyWebhook> notify(JsonNode root, List<String> problems) {
    List<WorkerConfig.NotifyWebhook> webhooks = new ArrayList<>();
    JsonNode list = root.path("notify").path("webhooks");
    for (int i = 0; i < list.size(); i++) {
      String at = "notify.webhooks[" + i + "]";
      JsonNode webhook = list.get(i);
      String url = secret(webhook.path("url").asText(null), at + ".url", problems);
      if (url != null && !url.matches("https?://[^/\\s]+(/\\S*)?")) {
        problems.add(at + ".url: the variable or file it names does not hold an http(s) URL");
      }
      String format = webhook.path("format").asText("json");
      if (!io.stackpilot.activities.notify.NotificationWebhook.FORMATS.contains(format)) {
        problems.add(at + ".format: '" + format + "' is not one of "
            + String.join(", ", io.stackpilot.activities.notify.NotificationWebhook.FORMATS));
      }
      List<String> events = new ArrayList<>();
      webhook.path("events").forEach(e -> {
        if (!io.stackpilot.workflows.api.Notification.EVENTS.contains(e.asText())) {
          problems.add(at + ".events: '" + e.asText() + "' is not one of "
              + String.join(", ", io.stackpilot.workflows.api.Notification.EVENTS));
        }
        events.add(e.asText());
      });
      if (url != null) {
        webhooks.add(new WorkerConfig.NotifyWebhook(url, format, List.copyOf(events)));
      }
    }
    return List.copyOf(webhooks);
  }

  /** Shorter tokens can be guessed; the dashboard may listen beyond localhost. */
  static final int MIN_OPERATOR_TOKEN = 16;

  private DashboardSettings dashboard(JsonNode root, List<String> problems) {
    String address = text(root, "dashboard.address");
    if (address != null && ListenAddress.parse(address).isEmpty()) {
      problems.add("dashboard.address: '" + address + "' is not host:port, e.g. 127.0.0.1:8070 (port 0 picks a free port)");
    }
    String webUi = text(root, "dashboard.temporalWebUi");
    if (webUi != null && !webUi.matches("https?://[^/\\s]+(/\\S*)?")) {
      problems.add("dashboard.temporalWebUi: '" + webUi + "' is not an http(s) URL, e.g. http://127.0.0.1:8233");
    }
    List<Operator> operators = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    JsonNode list = root.path("dashboard").path("operators");
    for (int i = 0; i < list.size(); i++) {
      String at = "dashboard.operators[" + i + "]";
      String name = list.get(i).path("name").asText(null);
      if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
        problems.add(at + ".name: '" + name + "' is not a name of letters, digits and . _ @ - (the name runs record)");
      } else if (!names.add(name)) {
        problems.add(at + ".name: '" + name + "' is listed twice");
      }
      String token = secret(list.get(i).path("token").asText(null), at + ".token", problems);
      if (token != null && token.length() < MIN_OPERATOR_TOKEN) {
        problems.add(at + ".token: the variable or file it names holds fewer than " + MIN_OPERATOR_TOKEN + " characters");
      }
      if (name != null && token != null) {
        operators.add(new Operator(name, token));
      }
    }
    if (address == null && (!operators.isEmpty() || webUi != null)) {
      problems.add("dashboard: operators or temporalWebUi are configured but dashboard.address is missing, e.g. 127.0.0.1:8070");
    }
    if (operators.stream().map(Operator::token).distinct().count() < operators.size()) {
      problems.add("dashboard.operators: two operators share a token; each needs their own, so that runs record who acted");
    }
    return new DashboardSettings(address, List.copyOf(operators), webUi,
        root.path("dashboard").path("publicRead").asBoolean(false));
  }

  private WorkerConfig.Hooks hooks(JsonNode root, List<String> problems) {
    String address = text(root, "hooks.address");
    JsonNode hooks = root.path("hooks");
    String github = hooks.has("github") ? secret(hooks.path("github").path("secret").asText(null), "hooks.github.secret", problems) : null;
    String gitea = hooks.has("gitea") ? secret(hooks.path("gitea").path("secret").asText(null), "hooks.gitea.secret", problems) : null;
    String gitlab = hooks.has("gitlab") ? secret(hooks.path("gitlab").path("token").asText(null), "hooks.gitlab.token", problems) : null;
    if (address != null && ListenAddress.parse(address).isEmpty()) {
      problems.add("hooks.address: '" + address + "' is not host:port, e.g. 0.0.0.0:8090");
    }
    if (address != null && github == null && gitea == null && gitlab == null) {
      problems.add("hooks.address: no provider to accept pushes from: set hooks.github.secret, hooks.gitea.secret or "
          + "hooks.gitlab.token");
    }
    if (address == null && (github != null || gitea != null || gitlab != null)) {
      problems.add("hooks: a provider is configured but hooks.address is missing, e.g. 0.0.0.0:8090");
    }
    return new WorkerConfig.Hooks(address, github, gitea, gitlab);
  }

  private StackRules stackRules(JsonNode root, List<String> problems) {
    String dir = textOr(root, "secrets.dir", StackRules.DEFAULT_SECRETS_DIR);
    if (!dir.startsWith("/") || !Path.of(dir).normalize().toString().equals(dir)) {
      problems.add("secrets.dir: '" + dir + "' is not an absolute path without '..' (customers' secret files live in <dir>/<customer>/)");
    }
    Map<String, List<String>> prefixes = new LinkedHashMap<>();
    root.path("secrets").path("allowedPrefixes").properties().forEach(customer -> {
      List<String> list = new ArrayList<>();
      customer.getValue().forEach(p -> {
        if (!p.asText().matches("[A-Z][A-Z0-9_]*_") || p.asText().contains(StackRules.CUSTOMER_SEPARATOR)) {
          problems.add("secrets.allowedPrefixes." + customer.getKey() + ": '" + p.asText()
              + "' is not a prefix of environment variable names in upper case ending in '_' without '"
              + StackRules.CUSTOMER_SEPARATOR + "' (which marks customers' own), e.g. SHARED_SMTP_");
        }
        list.add(p.asText());
      });
      prefixes.put(customer.getKey(), list);
    });
    Set<Integer> ports = new LinkedHashSet<>();
    root.path("ports").path("allowPrivileged").forEach(p -> {
      if (!p.canConvertToInt() || p.asInt() < 1 || p.asInt() > 1023) {
        problems.add("ports.allowPrivileged: '" + p.asText() + "' is not a port from 1 to 1023");
      } else {
        ports.add(p.asInt());
      }
    });
    String imports = textOr(root, "imports.dir", StackRules.DEFAULT_IMPORTS_DIR);
    if (!imports.startsWith("/") || !Path.of(imports).normalize().toString().equals(imports)
        || Path.of(imports).startsWith(dir) || Path.of(dir).startsWith(imports)) {
      problems.add("imports.dir: '" + imports + "' is not an absolute path without '..' apart from secrets.dir (stackctl "
          + "import reads old installations' dumps and files below it)");
    }
    return new StackRules(dir, prefixes, ports, imports, backupStores(root, problems));
  }

  /** Where each customer's backups may be; without the setting, below /var/backups/stackpilot/<customer> only. */
  private static StoreScopes backupStores(JsonNode root, List<String> problems) {
    if (!root.has("backupStores")) {
      return StoreScopes.DEFAULT;
    }
    Map<String, List<String>> roots = new LinkedHashMap<>();
    root.path("backupStores").properties().forEach(entry -> {
      String customer = entry.getKey();
      String at = "backupStores." + customer;
      boolean every = customer.equals(StoreScopes.EVERY_CUSTOMER);
      if (!every && (!customer.matches("[a-z0-9][a-z0-9-]{1,39}") || StackRules.customerRefusal(customer).isPresent())) {
        problems.add(at + ": '" + customer + "' is neither a customer name nor \"" + StoreScopes.EVERY_CUSTOMER + "\"");
      }
      if (!entry.getValue().isArray()) {
        problems.add(at + ": must be a list of store locations");
        return;
      }
      List<String> list = new ArrayList<>();
      entry.getValue().forEach(node -> {
        String location = node.asText();
        String example = location.replace(StoreScopes.CUSTOMER, "acme");
        boolean shaped = StoreLocation.parse(example).isPresent() && !example.equals("file:///");
        boolean placeholder = List.of(location.split("/", -1)).contains(StoreScopes.CUSTOMER);
        if (!shaped || StoreUrl.refusal(example).isPresent()) {
          problems.add(at + ": '" + location + "' is not a plain file:///<dir> or azure://<account>/<container>[/<prefix>]"
              + StoreUrl.refusal(example).map(why -> " (it " + why + ")").orElse(""));
        } else if (every != placeholder || (!every && location.contains(StoreScopes.CUSTOMER))) {
          problems.add(at + ": '" + location + "' " + (every ? "must hold " + StoreScopes.CUSTOMER + " as a whole segment, "
              + "or every customer would share it" : "names one customer's place; " + StoreScopes.CUSTOMER + " belongs under \"*\""));
        }
        list.add(location);
      });
      roots.put(customer, list);
    });
    return StoreScopes.confined(roots);
  }

  /**
   * A stack names secrets of its customer ({@code <CUSTOMER>__…}, files below {@code secrets.dir/<customer>/}) and the
   * prefixes the operator gives it: the worker's own credentials and keys must be none of these, or a stack could
   * mount them.
   */
  private void ownSecretsOutOfStacksReach(JsonNode root, StackRules rules, List<String> problems) {
    Map<String, SecretRef> own = new LinkedHashMap<>(ownSecrets);
    for (String key : List.of("temporal.tls.clientKey")) {
      if (text(root, key) != null) {
        own.put(key, new SecretRef.File(text(root, key)));
      }
    }
    JsonNode ssh = root.path("git").path("ssh");
    for (int i = 0; i < ssh.size(); i++) {
      if (ssh.get(i).path("privateKey").isTextual()) {
        own.put("git.ssh[" + i + "].privateKey", new SecretRef.File(ssh.get(i).path("privateKey").asText()));
      }
    }
    own.forEach((setting, reference) -> {
      if (reference instanceof SecretRef.Env env) {
        String variable = env.variable();
        if (variable.contains(StackRules.CUSTOMER_SEPARATOR)) {
          problems.add(setting + ": environment variable " + variable + " holds '" + StackRules.CUSTOMER_SEPARATOR
              + "', which marks a customer's variables (<CUSTOMER>" + StackRules.CUSTOMER_SEPARATOR
              + "NAME) that its stacks may read; name the worker's own without it");
        }
        rules.extraEnvPrefixes().forEach((customer, prefixes) -> prefixes.stream().filter(variable::startsWith).findFirst()
            .ifPresent(prefix -> problems.add(setting + ": environment variable " + variable + " starts with " + prefix
                + ", which secrets.allowedPrefixes." + customer + " lets that customer's stacks read")));
      } else if (reference instanceof SecretRef.File file
          && Path.of(file.path()).normalize().startsWith(Path.of(rules.secretsDir()))) {
        problems.add(setting + ": " + file.path() + " is below secrets.dir " + rules.secretsDir()
            + ", where customers' stacks read their secret files; keep the worker's own elsewhere");
      }
    });
  }

  private WorkerConfig.Codec codec(JsonNode root, List<String> problems) {
    List<WorkerConfig.CodecKey> keys = new ArrayList<>();
    JsonNode keysNode = root.path("codec").path("keys");
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < keysNode.size(); i++) {
      String at = "codec.keys[" + i + "]";
      String id = keysNode.get(i).path("id").asText("");
      if (!id.matches("[A-Za-z0-9._-]{1,64}") || !ids.add(id)) {
        problems.add(at + ".id: '" + id + "' must be a unique name of letters, digits, '.', '_' or '-' (it is written into each payload)");
      }
      String key = secret(keysNode.get(i).path("key").asText(null), at + ".key", problems);
      if (key != null) {
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
          bytes = new byte[0];
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
          problems.add(at + ".key: is not an AES key of 16, 24 or 32 bytes in base64 (openssl rand -base64 32)");
        }
        keys.add(new WorkerConfig.CodecKey(id, key.trim()));
      }
    }
    String endpoint = text(root, "codec.endpoint");
    if (endpoint != null && ListenAddress.parse(endpoint).isEmpty()) {
      problems.add("codec.endpoint: '" + endpoint + "' is not host:port, e.g. 127.0.0.1:8089");
    }
    if (endpoint != null && keys.isEmpty()) {
      problems.add("codec.endpoint: there is nothing to decode without codec.keys");
    }
    List<String> origins = new ArrayList<>();
    root.path("codec").path("corsOrigins").forEach(o -> {
      if (!o.asText().matches("https?://[^/\\s]+")) {
        problems.add("codec.corsOrigins: '" + o.asText() + "' is not an origin such as http://localhost:8233");
      }
      origins.add(o.asText());
    });
    List<String> tokens = new ArrayList<>();
    JsonNode tokensNode = root.path("codec").path("tokens");
    for (int i = 0; i < tokensNode.size(); i++) {
      String token = secret(tokensNode.get(i).asText(null), "codec.tokens[" + i + "]", problems);
      if (token != null && token.length() < MIN_OPERATOR_TOKEN) {
        problems.add("codec.tokens[" + i + "]: the variable or file it names holds fewer than " + MIN_OPERATOR_TOKEN
            + " characters");
      }
      if (token != null) {
        tokens.add(token);
      }
    }
    if (endpoint != null && tokens.isEmpty()) {
      problems.add("codec.endpoint: it decrypts for whoever calls it, so callers must send a bearer token: list "
          + "codec.tokens (env:NAME or file:/path, at least " + MIN_OPERATOR_TOKEN + " characters each; temporal "
          + "--codec-auth 'Bearer <token>')");
    }
    if (ListenAddress.parse(endpoint).map(ListenAddress::allInterfaces).orElse(false)
        && !root.path("codec").path("allowAllInterfaces").asBoolean(false)) {
      problems.add("codec.endpoint: '" + endpoint + "' listens on every interface; bind it to loopback or an operators' "
          + "network, or say so with codec.allowAllInterfaces: true (and name the hosts it is called by in codec.hosts)");
    }
    List<String> hosts = new ArrayList<>();
    root.path("codec").path("hosts").forEach(h -> {
      if (!h.asText().matches("[A-Za-z0-9.-]{1,253}")) {
        problems.add("codec.hosts: '" + h.asText() + "' is not a host name");
      }
      hosts.add(h.asText().toLowerCase(java.util.Locale.ROOT));
    });
    return new WorkerConfig.Codec(keys, endpoint, origins, tokens, hosts,
        root.path("codec").path("acceptPlaintext").asBoolean(false));
  }

  /** Reports every key {@code spec} does not know, by its full name, with the keys allowed there. */
  private static void unknownKeys(JsonNode node, JsonNode spec, String at, List<String> problems) {
    if (node.isObject() && spec.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode sub = spec.has(field.getKey()) ? spec.get(field.getKey()) : spec.get("*");
        String name = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
        if (sub == null) {
          List<String> allowed = new ArrayList<>();
          spec.fieldNames().forEachRemaining(allowed::add);
          problems.add(name + ": unknown setting (allowed" + (at.isEmpty() ? "" : " under " + at) + ": "
              + String.join(", ", allowed) + ")");
        } else {
          unknownKeys(field.getValue(), sub, name, problems);
        }
      }
    } else if (node.isArray() && spec.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        unknownKeys(node.get(i), spec.get(0), at + "[" + i + "]", problems);
      }
    } else if (spec.isContainerNode() && !node.isNull()) {
      problems.add(at + ": expected " + (spec.isObject() ? "a mapping of settings" : "a list") + ", got '" + node.asText() + "'");
    }
  }

  private static JsonNode known(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An empty or host-less prefix would send the credential to every URL it matches: refused. */
  private static String urlPrefix(JsonNode entry, String at, List<String> problems) {
    String prefix = entry.path("urlPrefix").asText("");
    if (!URL_PREFIX.matcher(prefix).matches()) {
      problems.add(at + ".urlPrefix: '" + prefix + "' must name the scheme and host and end the host with '/', "
          + "e.g. https://git.example.com/ or ssh://git@git.example.com/ (a shorter prefix matches other hosts' URLs)");
    }
    return prefix;
  }

  private static Path readableFile(JsonNode entry, String key, String at, String what, List<String> problems) {
    String value = entry.path(key).asText("");
    if (value.isEmpty()) {
      problems.add(at + "." + key + ": missing; " + what);
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      problems.add(at + "." + key + ": cannot read " + value + " (" + what + ")");
    }
    return path;
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

  private static Duration duration(String text) {
    try {
      java.time.Period period = text.contains("T") ? null : java.time.Period.parse(text);
      Duration parsed = period != null ? Duration.ofDays(period.toTotalMonths() * 30 + period.getDays()) : Duration.parse(text);
      return parsed.isNegative() || parsed.isZero() ? null : parsed;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A credential given as a reference: env:NAME from the worker's environment, file:/path from the host. */
  private String secret(String reference, String setting, List<String> problems) {
    if (reference == null) {
      problems.add(setting + ": missing");
      return null;
    }
    Optional<SecretRef> ref = SecretRef.parse(reference);
    if (ref.isEmpty()) {
      problems.add(setting + ": must be a reference " + SecretRef.FORMS + ", not the secret itself");
      return null;
    }
    ownSecrets.put(setting, ref.get());
    try {
      String value = ref.get().read(environment);
      if (value == null) {
        problems.add(setting + ": environment variable " + ((SecretRef.Env) ref.get()).variable() + " is not set");
      }
      return ref.get() instanceof SecretRef.File ? value.trim() : value;
    } catch (IOException e) {
      problems.add(setting + ": cannot read " + ((SecretRef.File) ref.get()).path());
      return null;
    }
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
