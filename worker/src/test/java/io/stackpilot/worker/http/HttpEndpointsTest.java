package io.stackpilot.worker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import io.stackpilot.testing.FreePorts;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's listeners: endpoints that name one host:port share it, each at its own path; port 0 gets its own. */
class HttpEndpointsTest {

  private final HttpClient client = HttpClient.newHttpClient();

  private static HttpHandler answering(String text) {
    return exchange -> {
      try (exchange) {
        HttpEndpoints.reply(exchange, 200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  private String get(int port, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void endpointsOnOneAddressShareItsListenerAndAPathIsServedOnce() throws Exception {
    String address = "127.0.0.1:" + FreePorts.loopback();
    try (HttpEndpoints http = new HttpEndpoints()) {
      int metrics = http.serve(address, "metrics", Map.of("/metrics", answering("metrics")));
      int hooks = http.serve(address, "the git webhook endpoint", Map.of("/hooks/git", answering("hooks")));
      int dashboard = http.serve(address, "the dashboard", Map.of("/", answering("dashboard")));

      assertThat(hooks).isEqualTo(metrics).isEqualTo(dashboard);
      assertThat(get(metrics, "/metrics")).isEqualTo("metrics");
      assertThat(get(metrics, "/hooks/git")).isEqualTo("hooks");
      assertThat(get(metrics, "/stacks/acme")).isEqualTo("dashboard");
      assertThatThrownBy(() -> http.serve(address, "another dashboard", Map.of("/", answering("x"))))
          .hasMessage("cannot serve another dashboard on " + address + ": / is served there by the dashboard");
    }
  }

  @Test
  void portZeroGivesEachEndpointAListenerOfItsOwnAndCloseStopsThemAll() throws Exception {
    HttpEndpoints http = new HttpEndpoints();
    int one = http.serve("127.0.0.1:0", "metrics", Map.of("/metrics", answering("one")));
    int two = http.serve("127.0.0.1:0", "the codec endpoint", Map.of("/decode", answering("two")));

    assertThat(one).isNotEqualTo(two);
    assertThat(get(two, "/decode")).isEqualTo("two");
    http.close();
    assertThatThrownBy(() -> get(one, "/metrics")).isInstanceOf(ConnectException.class);
  }
}
