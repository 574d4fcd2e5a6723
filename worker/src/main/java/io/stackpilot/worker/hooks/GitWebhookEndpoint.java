package io.stackpilot.worker.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.MeterRegistry;
import io.stackpilot.worker.config.WorkerConfig;
import io.stackpilot.worker.http.HttpEndpoints;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/git}: a push from GitHub, Gitea or GitLab, its signature or token checked against the worker
 * configuration, makes every reconcile loop that follows the pushed repository and branch sync now instead of at its
 * next poll (the poll stays as the safety net). A request that is not signed right is refused with 401 and counted
 * ({@code stackpilot_webhook_refused_total}); other events than pushes are acknowledged and ignored.
 */
public final class GitWebhookEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(GitWebhookEndpoint.class);
  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkerConfig.Hooks hooks;
  private final FollowingLoops loops;
  private final MeterRegistry metrics;

  public GitWebhookEndpoint(WorkerConfig.Hooks hooks, FollowingLoops loops, MeterRegistry metrics) {
    this.hooks = hooks;
    this.loops = loops;
    this.metrics = metrics;
  }

  /** Serves on {@code host:port} (port 0 picks a free one); returns the port it listens on. */
  public int serve(HttpEndpoints http, String address) {
    return http.serve(address, "the git webhook endpoint", Map.of("/hooks/git", this::handle));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, Map.of("error", "POST a push event of GitHub, Gitea or GitLab"));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        refuse(exchange, "unknown", 413, "larger than " + MAX_BODY + " bytes");
        return;
      }
      GitProvider provider = GitProvider.of(exchange.getRequestHeaders());
      if (provider == null) {
        refuse(exchange, "unknown", 400, "not an event of GitHub, Gitea or GitLab (no X-GitHub-Event, X-Gitea-Event "
            + "or X-Gitlab-Event header)");
        return;
      }
      String name = provider.name().toLowerCase(java.util.Locale.ROOT);
      String credential = provider.credential(hooks);
      if (credential == null) {
        refuse(exchange, name, 401, "this worker accepts no " + name + " webhooks (hooks." + name + " is not configured)");
        return;
      }
      String refusal = provider.refusal(exchange.getRequestHeaders(), body, credential);
      if (refusal != null) {
        refuse(exchange, name, 401, refusal);
        return;
      }
      if (!provider.isPush(exchange.getRequestHeaders())) {
        send(exchange, 202, Map.of("ignored", "event " + provider.event(exchange.getRequestHeaders()) + " is not a push"));
        return;
      }
      JsonNode payload;
      try {
        payload = JSON.readTree(body);
      } catch (IOException e) {
        send(exchange, 400, Map.of("error", "the body is not JSON"));
        return;
      }
      GitPush push = payload == null ? null : GitPush.of(provider, payload);
      if (push == null) {
        send(exchange, 400, Map.of("error", "the push names no repository"));
        return;
      }
      List<String> synced = loops.sync(push);
      LOG.info("{} push to {} of {}: sync sent to {}", name, push.branch(), push.repoUrls().get(0),
          synced.isEmpty() ? "no loop (none follows it)" : synced);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("synced", synced);
      if (synced.isEmpty()) {
        answer.put("note", "no running reconcile loop follows " + push.repoUrls().get(0)
            + (push.branch() == null ? " (not a branch)" : " at " + push.branch()));
      }
      send(exchange, 202, answer);
    }
  }

  private void refuse(HttpExchange exchange, String provider, int status, String why) throws IOException {
    metrics.counter("stackpilot_webhook_refused", "provider", provider).increment();
    LOG.warn("git webhook refused ({} from {}): {}", status, exchange.getRemoteAddress().getAddress().getHostAddress(), why);
    send(exchange, status, Map.of("error", why));
  }

  private static void send(HttpExchange exchange, int status, Map<String, ?> answer) throws IOException {
    HttpEndpoints.reply(exchange, status, "application/json", JSON.writeValueAsBytes(answer));
  }
}
