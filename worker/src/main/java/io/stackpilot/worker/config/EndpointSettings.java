package io.stackpilot.worker.config;

import static io.stackpilot.worker.config.ConfigNodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackpilot.worker.access.Grant;
import io.stackpilot.worker.access.Role;
import io.stackpilot.worker.dashboard.DashboardSettings;
import io.stackpilot.worker.dashboard.Operator;
import io.stackpilot.worker.http.ListenAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The endpoints a control worker serves and the places it notifies: codec, git webhooks, dashboard, notifications. */
final class EndpointSettings {

  private final ConfigSecrets secrets;

  EndpointSettings(ConfigSecrets secrets) {
    this.secrets = secrets;
  }

  List<WorkerConfig.NotifyWebhook> notify(JsonNode root, List<String> problems) {
    List<WorkerConfig.NotifyWebhook> webhooks = new ArrayList<>();
    JsonNode list = root.path("notify").path("webhooks");
    for (int i = 0; i < list.size(); i++) {
      String at = "notify.webhooks[" + i + "]";
      JsonNode webhook = list.get(i);
      String url = secrets.secret(webhook.path("url").asText(null), at + ".url", problems);
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

  DashboardSettings dashboard(JsonNode root, List<String> problems) {
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
      String token = secrets.secret(list.get(i).path("token").asText(null), at + ".token", problems);
      if (token != null && token.length() < MIN_OPERATOR_TOKEN) {
        problems.add(at + ".token: the variable or file it names holds fewer than " + MIN_OPERATOR_TOKEN + " characters");
      }
      List<String> groups = names(list.get(i).path("groups"), at + ".groups", Grant.PATTERN_GROUP, problems);
      if (name != null && token != null) {
        operators.add(new Operator(name, token, groups));
      }
    }
    if (address == null && (!operators.isEmpty() || webUi != null)) {
      problems.add("dashboard: operators or temporalWebUi are configured but dashboard.address is missing, e.g. 127.0.0.1:8070");
    }
    if (operators.stream().map(Operator::token).distinct().count() < operators.size()) {
      problems.add("dashboard.operators: two operators share a token; each needs their own, so that runs record who acted");
    }
    DashboardSettings settings = new DashboardSettings(address, List.copyOf(operators), webUi,
        root.path("dashboard").path("publicRead").asBoolean(false));
    if (root.path("dashboard").has("oidc")) {
      settings = settings.withOidc(oidc(root.path("dashboard").path("oidc"), problems));
    }
    return root.path("dashboard").has("grants") ? settings.withGrants(grants(root.path("dashboard").path("grants"),
        names, problems)) : settings;
  }

  /** A URL that is https, or http to this machine only (a provider or dashboard on loopback, for trials). */
  private static boolean safeUrl(String url) {
    return url != null && (url.matches("https://[^/\\s]+(/\\S*)?")
        || url.matches("http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?(/\\S*)?"));
  }

  /** dashboard.oidc: the OpenID Connect provider people sign in through. */
  private DashboardSettings.Oidc oidc(JsonNode oidc, List<String> problems) {
    String issuer = oidc.path("issuer").asText(null);
    if (!safeUrl(issuer)) {
      problems.add("dashboard.oidc.issuer: '" + issuer + "' is not an https URL (http only to loopback), e.g. "
          + "https://sso.example.com/realms/ops");
    }
    String clientId = oidc.path("clientId").asText(null);
    if (clientId == null || !clientId.matches("[A-Za-z0-9._:/-]{1,128}")) {
      problems.add("dashboard.oidc.clientId: '" + clientId + "' is not a client id, e.g. stackpilot-dashboard");
    }
    String secret = oidc.has("clientSecret")
        ? secrets.secret(oidc.path("clientSecret").asText(null), "dashboard.oidc.clientSecret", problems) : null;
    String redirectUri = oidc.path("redirectUri").asText(null);
    if (!safeUrl(redirectUri) || !redirectUri.endsWith("/login/oidc/callback")) {
      problems.add("dashboard.oidc.redirectUri: '" + redirectUri + "' is not this dashboard's callback as the browser "
          + "reaches it, an https URL ending in /login/oidc/callback (http only to loopback)");
    }
    String nameClaim = oidc.path("nameClaim").asText("preferred_username");
    String groupsClaim = oidc.path("groupsClaim").asText("groups");
    for (String[] claim : new String[][] {{"nameClaim", nameClaim}, {"groupsClaim", groupsClaim}}) {
      if (!claim[1].matches("[A-Za-z0-9_.:-]{1,64}")) {
        problems.add("dashboard.oidc." + claim[0] + ": '" + claim[1] + "' is not a claim name");
      }
    }
    return new DashboardSettings.Oidc(issuer, clientId, secret, redirectUri, nameClaim, groupsClaim);
  }

  /** dashboard.grants: each a role for named operators and groups, on customer and host patterns. */
  private static List<Grant> grants(JsonNode list, Set<String> operatorNames, List<String> problems) {
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "dashboard.grants[" + i + "]";
      JsonNode grant = list.get(i);
      String roleName = grant.path("role").asText(null);
      Optional<Role> role = Role.named(roleName);
      if (role.isEmpty()) {
        problems.add(at + ".role: '" + roleName + "' is not one of " + String.join(", ", Role.NAMES));
      }
      List<String> operators = names(grant.path("operators"), at + ".operators", null, problems);
      operators.stream().filter(o -> !operatorNames.contains(o)).forEach(o -> problems.add(at + ".operators: '" + o
          + "' is no operator of dashboard.operators"));
      List<String> groups = names(grant.path("groups"), at + ".groups", Grant.PATTERN_GROUP, problems);
      if (operators.isEmpty() && groups.isEmpty()) {
        problems.add(at + ": names neither operators nor groups, so it gives nobody anything");
      }
      List<String> customers = grant.has("customers")
          ? names(grant.path("customers"), at + ".customers", Grant.PATTERN, problems) : List.of("*");
      if (customers.isEmpty()) {
        problems.add(at + ".customers: empty; leave it out for every customer, or name patterns such as \"acme*\"");
      }
      List<String> hosts = names(grant.path("hosts"), at + ".hosts", Grant.PATTERN, problems);
      role.ifPresent(r -> grants.add(new Grant(r, operators, groups, customers, hosts)));
    }
    return List.copyOf(grants);
  }

  /** A list of names at {@code at}, each matching {@code form} when given. */
  private static List<String> names(JsonNode list, String at, java.util.regex.Pattern form, List<String> problems) {
    List<String> names = new ArrayList<>();
    for (JsonNode item : list) {
      String name = item.asText();
      if (form != null && !form.matcher(name).matches()) {
        problems.add(at + ": '" + name + "' is not a " + (form == Grant.PATTERN
            ? "pattern of lower-case letters, digits, . - and * (e.g. acme*, eu-*)" : "group name of letters, digits and . _ @ / -"));
      } else {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  WorkerConfig.Hooks hooks(JsonNode root, List<String> problems) {
    String address = text(root, "hooks.address");
    JsonNode hooks = root.path("hooks");
    String github = hooks.has("github") ? secrets.secret(hooks.path("github").path("secret").asText(null), "hooks.github.secret", problems) : null;
    String gitea = hooks.has("gitea") ? secrets.secret(hooks.path("gitea").path("secret").asText(null), "hooks.gitea.secret", problems) : null;
    String gitlab = hooks.has("gitlab") ? secrets.secret(hooks.path("gitlab").path("token").asText(null), "hooks.gitlab.token", problems) : null;
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

  WorkerConfig.Codec codec(JsonNode root, List<String> problems) {
    Set<String> ids = new LinkedHashSet<>();
    List<WorkerConfig.CodecKey> keys = codecKeys(root.path("codec").path("keys"), "codec.keys", ids, problems);
    List<WorkerConfig.CustomerKeys> customerKeys = new ArrayList<>();
    JsonNode groups = root.path("codec").path("customerKeys");
    for (int i = 0; i < groups.size(); i++) {
      String at = "codec.customerKeys[" + i + "]";
      List<String> customers = names(groups.get(i).path("customers"), at + ".customers", Grant.PATTERN, problems);
      List<WorkerConfig.CodecKey> groupKeys = codecKeys(groups.get(i).path("keys"), at + ".keys", ids, problems);
      if (customers.isEmpty() || groupKeys.isEmpty()) {
        problems.add(at + ": needs customers (patterns such as \"acme*\") and keys ({ id, key }, the first encrypts)");
      } else {
        customerKeys.add(new WorkerConfig.CustomerKeys(customers, groupKeys));
      }
    }
    if (!customerKeys.isEmpty() && keys.isEmpty()) {
      problems.add("codec.customerKeys: codec.keys are needed too, for what belongs to no customer (host leases)");
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
      String token = secrets.secret(tokensNode.get(i).asText(null), "codec.tokens[" + i + "]", problems);
      if (token != null && token.length() < MIN_OPERATOR_TOKEN) {
        problems.add("codec.tokens[" + i + "]: the variable or file it names holds fewer than " + MIN_OPERATOR_TOKEN
            + " characters");
      }
      if (token != null) {
        tokens.add(token);
      }
    }
    List<String> oidcClients = new ArrayList<>();
    root.path("codec").path("oidc").path("clients").forEach(c -> {
      if (!c.asText().matches("[A-Za-z0-9._:/-]{1,128}")) {
        problems.add("codec.oidc.clients: '" + c.asText() + "' is not a client id, e.g. temporal-ui");
      }
      oidcClients.add(c.asText());
    });
    if (root.path("codec").has("oidc") && !root.path("dashboard").has("oidc")) {
      problems.add("codec.oidc: access tokens are checked against dashboard.oidc's provider, and none is configured");
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
        root.path("codec").path("acceptPlaintext").asBoolean(false), List.copyOf(oidcClients), List.copyOf(customerKeys));
  }

  /** A list of payload keys at {@code at}: each id unique among all of {@code ids}, each key AES in base64. */
  private List<WorkerConfig.CodecKey> codecKeys(JsonNode list, String at, Set<String> ids, List<String> problems) {
    List<WorkerConfig.CodecKey> keys = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String item = at + "[" + i + "]";
      String id = list.get(i).path("id").asText("");
      if (!id.matches("[A-Za-z0-9._-]{1,64}") || !ids.add(id)) {
        problems.add(item + ".id: '" + id + "' must be a unique name of letters, digits, '.', '_' or '-' (it is written into each payload)");
      }
      String key = secrets.secret(list.get(i).path("key").asText(null), item + ".key", problems);
      if (key != null) {
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
          bytes = new byte[0];
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
          problems.add(item + ".key: is not an AES key of 16, 24 or 32 bytes in base64 (openssl rand -base64 32)");
        }
        keys.add(new WorkerConfig.CodecKey(id, key.trim()));
      }
    }
    return keys;
  }
}
