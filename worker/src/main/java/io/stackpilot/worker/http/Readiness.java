package io.stackpilot.worker.http;

import com.sun.net.httpserver.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@code /healthz} and {@code /readyz} answer. Health: the process answers. Readiness: every check passes; when one
 * does not, 503 with each reason on a line of its own, so that an orchestrator, the demo or an operator's curl says
 * what to look at.
 */
public final class Readiness {

  /** One condition of readiness: empty when it holds, else why not. */
  public interface Check {
    Optional<String> unready() throws Exception;
  }

  private final List<Check> checks = new CopyOnWriteArrayList<>();

  public void add(Check check) {
    checks.add(check);
  }

  /** Why the worker is not ready; empty when it is. A check that throws is a reason too. */
  public List<String> reasons() {
    List<String> reasons = new ArrayList<>();
    for (Check check : checks) {
      try {
        check.unready().ifPresent(reasons::add);
      } catch (Exception e) {
        reasons.add("a readiness check failed: " + e.getMessage());
      }
    }
    return reasons;
  }

  public Map<String, HttpHandler> routes() {
    return Map.of(
        "/healthz", exchange -> {
          try (exchange) {
            HttpEndpoints.reply(exchange, 200, "text/plain; charset=utf-8", "alive\n".getBytes(StandardCharsets.UTF_8));
          }
        },
        "/readyz", exchange -> {
          try (exchange) {
            List<String> reasons = reasons();
            String body = reasons.isEmpty() ? "ready\n" : "not ready:\n" + String.join("\n", reasons) + "\n";
            HttpEndpoints.reply(exchange, reasons.isEmpty() ? 200 : 503, "text/plain; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8));
          }
        });
  }
}
