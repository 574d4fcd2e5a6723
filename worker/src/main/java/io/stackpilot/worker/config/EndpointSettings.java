package io.stackpilot.worker.config;

import static io.stackpilot.worker.config.ConfigNodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackpilot.worker.dashboard.DashboardSettings;
import io.stackpilot.worker.dashboard.Operator;
import io.stackpilot.worker.http.ListenAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
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
    List<WorkerConfig.CodecKey> keys = new ArrayList<>();
    JsonNode keysNode = root.path("codec").path("keys");
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < keysNode.size(); i++) {
      String at = "codec.keys[" + i + "]";
      String id = keysNode.get(i).path("id").asText("");
      if (!id.matches("[A-Za-z0-9._-]{1,64}") || !ids.add(id)) {
        problems.add(at + ".id: '" + id + "' must be a unique name of letters, digits, '.', '_' or '-' (it is written into each payload)");
      }
      String key = secrets.secret(keysNode.get(i).path("key").asText(null), at + ".key", problems);
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
      String token = secrets.secret(tokensNode.get(i).asText(null), "codec.tokens[" + i + "]", problems);
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
}
