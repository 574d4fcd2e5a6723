package io.stackpilot.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackpilot.activities.Redaction;
import io.stackpilot.workflows.api.Notification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One webhook notifications go to: its URL (a credential: Slack's and Teams' URLs carry their token, so it is never
 * logged), the format it reads — {@code json} (the notification as it is), {@code slack} or {@code teams} (their
 * incoming-webhook messages) — and the events it takes (all when none are named). The text is redacted once more
 * before it leaves.
 */
public final class NotificationWebhook {

  public static final List<String> FORMATS = List.of("json", "slack", "teams");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final URI url;
  private final String format;
  private final Set<String> events;

  public NotificationWebhook(String url, String format, Set<String> events) {
    this.url = URI.create(url);
    this.format = format;
    this.events = Set.copyOf(events);
  }

  boolean takes(String event) {
    return events.isEmpty() || events.contains(event);
  }

  void send(Notification notification) {
    Notification safe = new Notification(notification.id(), notification.event(), notification.customer(),
        notification.operation(), Redaction.apply(notification.text()), notification.workflowId(), notification.runId(),
        notification.at());
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Idempotency-Key", safe.id())
        .POST(HttpRequest.BodyPublishers.ofString(body(safe))).build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("notification webhook " + url.getHost() + " (" + format + ") did not answer: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while notifying " + url.getHost(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new UncheckedIOException(new IOException("notification webhook " + url.getHost() + " (" + format
          + ") answered " + response.statusCode()));
    }
  }

  String body(Notification n) {
    Map<String, Object> body = new LinkedHashMap<>();
    String title = "Stackpilot: " + n.event() + " — " + n.customer();
    switch (format) {
      case "slack" -> body.put("text", "*" + slack(title) + "*\n" + slack(n.text()) + "\n`" + slack(n.workflowId())
          + "` run " + slack(n.runId()));
      case "teams" -> {
        body.put("@type", "MessageCard");
        body.put("@context", "https://schema.org/extensions");
        body.put("summary", teams(title));
        body.put("themeColor", Notification.COMPLETED.equals(n.event()) ? "2EB67D" : "E01E5A");
        body.put("title", teams(title));
        body.put("text", teams(n.text()) + "<br>" + teams(n.workflowId()) + " run " + teams(n.runId()));
      }
      default -> {
        return write(n);
      }
    }
    return write(body);
  }

  /**
   * Text from a run (an error quoting a log, a release name) as Slack shows it and nothing more: its control sequences
   * ({@code <!channel>}, {@code <@U123>}, {@code <https://…|a link>}) are written as the three characters Slack escapes.
   */
  static String slack(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Text from a run as a Teams card shows it: HTML and Markdown (links, emphasis, headings) escaped. */
  static String teams(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\\', '[', ']', '(', ')', '*', '_', '`', '#', '!', '~', '|' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
