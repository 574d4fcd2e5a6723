package io.stackpilot.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** The worker's small HTTP endpoints (metrics, codec) listen on a configured host:port. */
public final class HttpEndpoints {

  private HttpEndpoints() {}

  /** A server bound to {@code address} (host:port; port 0 picks a free one), not started; {@code what} names it in errors. */
  public static HttpServer bind(String address, String what) {
    int colon = address.lastIndexOf(':');
    try {
      return HttpServer.create(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + what + " on " + address + ": " + e.getMessage(), e);
    }
  }

  /** Sends {@code body} as the whole answer with {@code status} and {@code contentType}. */
  public static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
