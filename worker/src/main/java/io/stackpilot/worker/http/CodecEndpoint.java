package io.stackpilot.worker.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.stackpilot.workflows.client.PayloadEncryption;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The remote codec the Temporal Web UI and {@code temporal --codec-endpoint} call to show encrypted payloads:
 * {@code POST /decode} and {@code POST /encode} with {@code {"payloads": [...]}} in Temporal's JSON form. Browsers call
 * it from the Web UI's origin, so the configured origins get CORS answers; any other origin gets none. A caller must
 * send {@code Authorization: Bearer <token>} with one of {@code codec.tokens}, and name the endpoint by its own
 * address, loopback or one of {@code codec.hosts} in {@code Host} (a page on another site that rebinds its name to
 * this address gets nothing). Bind it to loopback or a network only operators reach all the same.
 */
public final class CodecEndpoint {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.stackpilot.audit");

  private static final int MAX_BODY = 8 << 20;

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final PayloadEncryption encryption;
  private final List<String> corsOrigins;
  private final List<byte[]> tokens;
  private final Set<String> hosts = new HashSet<>(LOOPBACK);

  /**
   * Who else may decode: {@code refusal} of a bearer token that is none of the static ones is null when it stands for
   * a person who may read every stack, else why not ("refused: …" when it is a person without that right).
   */
  public interface People {
    String refusal(String bearer);
  }

  private People people;

  /** Also lets the people {@code people} accepts decode and encode. */
  public CodecEndpoint withPeople(People people) {
    this.people = people;
    return this;
  }

  public CodecEndpoint(PayloadEncryption encryption, List<String> corsOrigins, List<String> tokens, List<String> hosts) {
    this.encryption = encryption;
    this.corsOrigins = List.copyOf(corsOrigins);
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.hosts.addAll(hosts);
  }

  /** Serves on {@code host:port} (port 0 picks a free one); returns the port it listens on. */
  public int serve(HttpEndpoints http, String address) {
    ListenAddress bound = ListenAddress.of(address);
    if (!bound.allInterfaces()) {
      hosts.add(bound.host().toLowerCase(Locale.ROOT));
    }
    return http.serve(address, "the codec endpoint", Map.of(
        "/decode", exchange -> handle(exchange, true),
        "/encode", exchange -> handle(exchange, false)));
  }

  private void handle(HttpExchange exchange, boolean decode) throws IOException {
    try (exchange) {
      if (!knownHost(exchange.getRequestHeaders().getFirst("Host"))) {
        send(exchange, 421, "this endpoint is not called by that name");
        return;
      }
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      if (origin != null && corsOrigins.contains(origin)) {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, X-Namespace, Authorization");
        exchange.getResponseHeaders().set("Vary", "Origin");
      }
      if (exchange.getRequestMethod().equals("OPTIONS")) {
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, "POST a JSON body {\"payloads\": [...]}");
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (!authorized(authorization)) {
        String refused = people == null || authorization == null || !authorization.startsWith("Bearer ")
            ? "send Authorization: Bearer <token> with one of codec.tokens" : people.refusal(authorization.substring(7).strip());
        if (refused != null) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
          LOG.warn("codec endpoint: refused a request from {}: {}",
              exchange.getRemoteAddress().getAddress().getHostAddress(), refused);
          send(exchange, refused.startsWith("refused: ") ? 403 : 401, refused);
          return;
        }
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        send(exchange, 413, "at most " + MAX_BODY + " bytes");
        return;
      }
      Payloads.Builder request = Payloads.newBuilder();
      try {
        JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), request);
      } catch (InvalidProtocolBufferException e) {
        send(exchange, 400, "not a JSON body {\"payloads\": [...]}: " + e.getMessage());
        return;
      }
      Payloads result;
      try {
        result = Payloads.newBuilder().addAllPayloads(decode ? encryption.decode(request.getPayloadsList())
            : encryption.encode(request.getPayloadsList())).build();
      } catch (PayloadCodecException e) {
        send(exchange, 400, e.getMessage());
        return;
      }
      HttpEndpoints.reply(exchange, 200, "application/json", JsonFormat.printer().print(result).getBytes(StandardCharsets.UTF_8));
    }
  }

  private boolean knownHost(String header) {
    if (header == null) {
      return false;
    }
    String host = header.toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      host = host.substring(0, colon);
    }
    return hosts.contains(host);
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] token : tokens) {
      match |= MessageDigest.isEqual(token, given);
    }
    return match;
  }

  private static void send(HttpExchange exchange, int status, String message) throws IOException {
    HttpEndpoints.reply(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
