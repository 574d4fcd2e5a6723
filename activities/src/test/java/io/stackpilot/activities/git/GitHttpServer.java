package io.stackpilot.activities.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Git's own smart-HTTP server, {@code git http-backend}, run as a CGI program behind a loopback HTTP server
 * that demands basic authentication: a real git host for tests of credentials.
 */
final class GitHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final Path projectRoot;
  private final String authorization;

  GitHttpServer(Path projectRoot, String user, String password) throws IOException {
    this.projectRoot = projectRoot;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/git/", this::handle);
    server.start();
  }

  String url(String repo) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/git/" + repo;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
      Map<String, String> env = cgi.environment();
      env.put("GIT_PROJECT_ROOT", projectRoot.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("REQUEST_METHOD", exchange.getRequestMethod());
      env.put("PATH_INFO", exchange.getRequestURI().getPath().substring("/git".length()));
      env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
      env.put("CONTENT_TYPE", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
      env.put("REMOTE_USER", "operator");
      env.put("REMOTE_ADDR", "127.0.0.1");
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      if (encoding != null) {
        env.put("HTTP_CONTENT_ENCODING", encoding);
      }
      Process process = cgi.start();
      try (OutputStream toCgi = process.getOutputStream()) {
        exchange.getRequestBody().transferTo(toCgi);
      }
      InputStream fromCgi = new BufferedInputStream(process.getInputStream());
      int status = 200;
      for (String header = line(fromCgi); !header.isEmpty(); header = line(fromCgi)) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim();
        String value = header.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      exchange.sendResponseHeaders(status, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        fromCgi.transferTo(body);
      }
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
