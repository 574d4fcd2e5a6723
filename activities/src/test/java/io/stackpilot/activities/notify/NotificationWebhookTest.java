package io.stackpilot.activities.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.stackpilot.activities.Redaction;
import io.stackpilot.workflows.activities.NotifyActivities;
import io.stackpilot.workflows.api.Notification;
import io.temporal.testing.TestActivityEnvironment;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Notifications as a local HTTP receiver gets them: each format, each once, only the events asked for, no secret. */
class NotificationWebhookTest {

  private record Received(String path, String idempotencyKey, JsonNode body) {}

  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private HttpServer receiver;
  private TestActivityEnvironment temporal;

  @BeforeEach
  void receive() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestURI().getPath().equals("/flaky") && failuresLeft.getAndDecrement() > 0) {
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8))));
        exchange.sendResponseHeaders(204, -1);
      }
    });
    receiver.start();
    temporal = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    temporal.close();
    receiver.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private NotifyActivities notifier(NotificationWebhook... webhooks) {
    temporal.registerActivitiesImplementations(new NotifyActivitiesImpl(List.of(webhooks)));
    return temporal.newActivityStub(NotifyActivities.class);
  }

  private static Notification attention(String text) {
    return new Notification("stack-acme/run-1/attention/4.1", Notification.ATTENTION, "acme", "InstallStack", text,
        "stack-acme", "run-1", "2026-12-01T10:00:00Z");
  }

  @Test
  void eachFormatCarriesTheEventAndItsRun() {
    NotifyActivities notify = notifier(new NotificationWebhook(url("/json"), "json", Set.of()),
        new NotificationWebhook(url("/slack"), "slack", Set.of()), new NotificationWebhook(url("/teams"), "teams", Set.of()));

    notify.notify(attention("InstallStack of acme: step 4/9 \"pull images\" needs attention: manifest unknown"));

    assertThat(received).extracting(Received::path).containsExactly("/json", "/slack", "/teams");
    assertThat(received).extracting(Received::idempotencyKey).containsOnly("stack-acme/run-1/attention/4.1");
    assertThat(received.get(0).body().get("event").asText()).isEqualTo("attention");
    assertThat(received.get(0).body().get("workflowId").asText()).isEqualTo("stack-acme");
    assertThat(received.get(1).body().get("text").asText()).startsWith("*Stackpilot: attention — acme*\nInstallStack of acme:");
    assertThat(received.get(2).body().get("@type").asText()).isEqualTo("MessageCard");
    assertThat(received.get(2).body().get("text").asText()).contains("manifest unknown");
  }

  @Test
  void hostileTextCannotPingOrLinkInSlackOrTeams() {
    NotifyActivities notify = notifier(new NotificationWebhook(url("/slack"), "slack", Set.of()),
        new NotificationWebhook(url("/teams"), "teams", Set.of()));

    notify.notify(attention("pull failed: <!channel> <@U024BE7LH> <https://evil.example|click here> "
        + "[click](https://evil.example) <img src=x> & more"));

    String slack = received.get(0).body().get("text").asText();
    assertThat(slack).doesNotContain("<!channel>", "<@U", "<https://").contains("&lt;!channel&gt;", "&amp; more");
    String teams = received.get(1).body().get("text").asText();
    assertThat(teams).doesNotContain("<img", "[click](").contains("&lt;img src=x&gt;", "\\[click\\]\\(https://evil.example\\)");
  }

  @Test
  void aRetryReachesOnlyTheWebhooksTheFailedAttemptMissedAndOnlyTheEventsAskedFor() {
    failuresLeft.set(1);
    NotifyActivities notify = notifier(new NotificationWebhook(url("/steady"), "json", Set.of()),
        new NotificationWebhook(url("/flaky"), "json", Set.of()),
        new NotificationWebhook(url("/completed-only"), "json", Set.of(Notification.COMPLETED)));

    assertThatThrownBy(() -> notify.notify(attention("step needs attention"))).hasMessageContaining("answered 503");
    notify.notify(attention("step needs attention"));

    assertThat(received).extracting(Received::path).as("the retry sends to /flaky again, not to /steady")
        .containsExactly("/steady", "/flaky");
  }

  @Test
  void noSecretLeavesInANotificationAndAReceiverThatRefusesFailsTheAttempt() {
    Redaction.remember("s3cret-db-password");
    NotifyActivities notify = notifier(new NotificationWebhook(url("/json"), "json", Set.of()));

    notify.notify(attention("login failed with s3cret-db-password at https://ops:hunter22@git.example.invalid/acme.git"));

    assertThat(received.get(0).body().get("text").asText()).doesNotContain("s3cret-db-password").doesNotContain("hunter22");
    NotificationWebhook refusing = new NotificationWebhook(url("/flaky"), "json", Set.of());
    failuresLeft.set(1);
    assertThatThrownBy(() -> refusing.send(attention("x"))).hasMessageContaining("answered 503")
        .hasMessageNotContaining("/flaky");
  }
}
