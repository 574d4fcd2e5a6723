package io.stackpilot.worker.dashboard;

import io.stackpilot.worker.access.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may act from the dashboard: an operator proves it with their token, once per sign-in (then a session cookie) or
 * on each request (an {@code Authorization: Bearer} header, for scripts); a person an identity provider signed in holds
 * a session too. Sessions live in memory for 12 hours; a restarted worker asks everyone to sign in again (through the
 * provider, a click while its own session lasts).
 */
final class Operators {

  static final Duration SESSION = Duration.ofHours(12);
  /** Bounds the memory sign-ins take, whoever sends them. */
  private static final int MAX_SESSIONS = 1000;

  private record Session(Principal principal, Instant until) {}

  private final List<Operator> operators;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Operators(List<Operator> operators, Clock clock) {
    this.operators = List.copyOf(operators);
    this.clock = clock;
  }

  boolean any() {
    return !operators.isEmpty();
  }

  /** The operator whose token this is; every token is compared in constant time, so timing tells nothing. */
  Optional<String> byToken(String token) {
    if (token == null) {
      return Optional.empty();
    }
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (Operator operator : operators) {
      if (MessageDigest.isEqual(given, operator.token().getBytes(StandardCharsets.UTF_8))) {
        found = operator.name();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The operator named {@code name} as grants see them: their name and groups. */
  Principal principal(String name) {
    return operators.stream().filter(o -> o.name().equals(name)).findFirst()
        .map(o -> new Principal(o.name(), o.groups())).orElse(new Principal(name, List.of()));
  }

  /** A new session for {@code principal}: the cookie value that stands for the sign-in. */
  String signIn(Principal principal) {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> s.until().isBefore(now));
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.until().compareTo(b.until())))
          .ifPresent(oldest -> sessions.remove(oldest.getKey()));
    }
    byte[] id = new byte[32];
    random.nextBytes(id);
    String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    sessions.put(session, new Session(principal, now.plus(SESSION)));
    return session;
  }

  void signOut(String session) {
    if (session != null) {
      sessions.remove(session);
    }
  }

  /** Who signed in as {@code session}, while it lasts. */
  Optional<Principal> bySession(String session) {
    if (session == null) {
      return Optional.empty();
    }
    Session s = sessions.get(session);
    if (s == null || s.until().isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(s.principal());
  }
}
