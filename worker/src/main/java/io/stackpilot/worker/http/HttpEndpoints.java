package io.stackpilot.worker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The worker's small HTTP endpoints (metrics, codec, webhooks, dashboard) listen on a configured host:port. Each has
 * threads of its own, so a client that sends slowly holds one of them and not the endpoint, and none of another
 * endpoint; a request that takes longer than {@link #MAX_REQUEST_SECONDS} to arrive is cut off.
 */
public final class HttpEndpoints {

  /** Seconds a client has to send a whole request (the JDK server's {@code sun.net.httpserver.maxReqTime}). */
  static final int MAX_REQUEST_SECONDS = 30;
  private static final int THREADS = 4;

  static {
    // Read once by the JDK's server when the first one starts: set before any is created, unless set on the command line.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS));
    }
  }

  private HttpEndpoints() {}

  /**
   * A server bound to {@code address} (host:port; port 0 picks a free one), not started, with threads of its own;
   * {@code what} names it in errors and thread names.
   */
  public static HttpServer bind(String address, String what) {
    HttpServer server;
    try {
      server = HttpServer.create(ListenAddress.of(address).socket(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + what + " on " + address + ": " + e.getMessage(), e);
    }
    ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "stackpilot-http " + what);
          thread.setDaemon(true);
          return thread;
        });
    threads.allowCoreThreadTimeOut(true);
    server.setExecutor(threads);
    return server;
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
