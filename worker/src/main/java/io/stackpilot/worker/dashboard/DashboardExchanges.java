package io.stackpilot.worker.dashboard;

import com.sun.net.httpserver.HttpExchange;
import io.stackpilot.worker.http.HttpEndpoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's HTTP plumbing: its session cookie, forms of bounded size, redirects on this site only, replies. */
final class DashboardExchanges {

  static final String COOKIE = "stackpilot_session";
  private static final int MAX_FORM = 8 << 10;

  private DashboardExchanges() {}

  static String cookie(HttpExchange exchange) {
    return cookie(exchange, COOKIE);
  }

  static String cookie(HttpExchange exchange, String name) {
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String pair : header.split(";")) {
        String[] kv = pair.strip().split("=", 2);
        if (kv.length == 2 && kv[0].equals(name)) {
          return kv[1];
        }
      }
    }
    return null;
  }

  static String filterQuery(Map<String, String> query) {
    StringBuilder q = new StringBuilder();
    for (String key : List.of("state", "host", "label")) {
      String value = query.get(key);
      if (value != null && !value.isEmpty()) {
        q.append(q.isEmpty() ? "?" : "&").append(key).append('=').append(encode(value));
      }
    }
    return q.toString();
  }

  /** Only a path on this dashboard: a sign-in never sends anyone elsewhere. */
  static String safeNext(String next) {
    return next != null && next.matches("/[A-Za-z0-9/_-]*") ? next : "/";
  }

  static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(303, -1);
  }

  static void html(HttpExchange exchange, int status, String page) throws IOException {
    HttpEndpoints.reply(exchange, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  static void text(HttpExchange exchange, int status, String message) throws IOException {
    HttpEndpoints.reply(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> readForm(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_FORM);
      return form(new String(body, StandardCharsets.UTF_8));
    }
  }

  static Map<String, String> form(String encoded) {
    Map<String, String> values = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      String[] kv = pair.split("=", 2);
      try {
        values.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      } catch (IllegalArgumentException malformed) {
        // a field that does not decode is left out, as if it was not sent
      }
    }
    return values;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
