package io.stackpilot.worker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The worker's HTTP listeners, one per configured host:port, hosting the routes of its endpoints (metrics, codec,
 * webhooks, dashboard). Endpoints that name the same host:port share its listener, each route at its own path, and its
 * threads grow by a share for each; port 0 gets a listener of its own, which a later endpoint shares by naming the port
 * it got. A client that sends slowly holds one
 * thread, not the listener, and a request that takes longer than {@link #MAX_REQUEST_SECONDS} to arrive is cut off;
 * an endpoint that must not wait behind another's clients gets an address of its own.
 */
public final class HttpEndpoints implements AutoCloseable {

  /** Seconds a client has to send a whole request (the JDK server's {@code sun.net.httpserver.maxReqTime}). */
  static final int MAX_REQUEST_SECONDS = 30;
  private static final int THREADS = 4;

  static {
    // Read once by the JDK's server when the first one starts: set before any is created, unless set on the command line.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS));
    }
  }

  private record Listener(HttpServer server, ThreadPoolExecutor threads, Map<String, String> routes) {}

  private final Map<ListenAddress, Listener> byAddress = new HashMap<>();
  private final List<Listener> listeners = new ArrayList<>();

  /**
   * Serves {@code routes} (path → handler) of the endpoint {@code what} on {@code address} (host:port; port 0 picks a
   * free one); returns the port it listens on.
   */
  public synchronized int serve(String address, String what, Map<String, HttpHandler> routes) {
    ListenAddress at = ListenAddress.of(address);
    Listener listener = at.port() == 0 ? null : byAddress.get(at);
    if (listener == null) {
      listener = listen(at, what);
      listeners.add(listener);
      byAddress.put(new ListenAddress(at.host(), listener.server().getAddress().getPort()), listener);
    } else {
      ThreadPoolExecutor threads = listener.threads();
      threads.setMaximumPoolSize(threads.getMaximumPoolSize() + THREADS);
      threads.setCorePoolSize(threads.getCorePoolSize() + THREADS);
    }
    for (Map.Entry<String, HttpHandler> route : routes.entrySet()) {
      String taken = listener.routes().putIfAbsent(route.getKey(), what);
      if (taken != null) {
        throw new IllegalStateException("cannot serve " + what + " on " + address + ": " + route.getKey()
            + " is served there by " + taken);
      }
      listener.server().createContext(route.getKey(), route.getValue());
    }
    return listener.server().getAddress().getPort();
  }

  private static Listener listen(ListenAddress at, String what) {
    HttpServer server;
    try {
      server = HttpServer.create(at.socket(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + what + " on " + at + ": " + e.getMessage(), e);
    }
    ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "stackpilot-http " + at);
          thread.setDaemon(true);
          return thread;
        });
    threads.allowCoreThreadTimeOut(true);
    server.setExecutor(threads);
    server.start();
    return new Listener(server, threads, new HashMap<>());
  }

  /** Stops every listener at once, also in the middle of a request. */
  @Override
  public synchronized void close() {
    for (Listener listener : listeners) {
      listener.server().stop(0);
      listener.threads().shutdownNow();
    }
    listeners.clear();
    byAddress.clear();
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
