package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.worker.config.WorkerConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /readyz names each reason the worker is not ready: a Docker Engine that does not answer its host agent, a Temporal
 * server that went away; /healthz answers as long as the process does.
 */
class ReadinessIT {

  @TempDir
  Path temp;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> awaitReadyz(int port, Predicate<HttpResponse<String>> condition) throws Exception {
    HttpResponse<String> last = null;
    for (int i = 0; i < 300; i++) {
      last = get(port, "/readyz");
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("/readyz never answered as expected; last: " + last.statusCode() + " " + last.body());
  }

  @Test
  void readyzNamesAnEngineThatDoesNotAnswerAndATemporalThatWentAway() throws Exception {
    int temporalPort;
    try (ServerSocket free = new ServerSocket(0)) {
      temporalPort = free.getLocalPort();
    }
    EmbeddedTemporal temporal = EmbeddedTemporal.start(temporalPort);
    String deadEngine = "tcp://127.0.0.1:1";
    WorkerConfig config = new WorkerConfig(new WorkerConfig.Temporal("127.0.0.1:" + temporalPort, "default", null, null,
        null), List.of("control", "host-agent"), "ready-host", deadEngine, temp.resolve("stacks"), temp.resolve("git"),
        temp.resolve("releases").toString(), Map.of(), List.of(), List.of(), "127.0.0.1:0", 0);
    try (StackpilotWorker worker = new StackpilotWorker(config, 0)) {
      worker.start();
      int port = worker.metricsPort();

      HttpResponse<String> engineDown = awaitReadyz(port, r -> r.statusCode() == 503
          && !r.body().contains("does not poll"));
      assertThat(engineDown.body()).startsWith("not ready:\nthe Docker Engine at " + deadEngine + " does not answer: ")
          .doesNotContain("Temporal");
      assertThat(engineDown.body().lines().count()).as("one reason: " + engineDown.body()).isEqualTo(2);
      assertThat(get(port, "/healthz").body()).isEqualTo("alive\n");

      temporal.close();
      HttpResponse<String> temporalGone = awaitReadyz(port, r -> r.body().contains("Temporal at"));
      assertThat(temporalGone.statusCode()).isEqualTo(503);
      assertThat(temporalGone.body()).contains("Temporal at 127.0.0.1:" + temporalPort + " does not answer: ")
          .contains("the Docker Engine at " + deadEngine + " does not answer");
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
    } finally {
      temporal.close();
    }
  }
}
