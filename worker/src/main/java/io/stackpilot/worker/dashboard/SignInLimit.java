package io.stackpilot.worker.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins per address: after {@link #FAILURES} within {@link #WINDOW} an address is not heard until the
 * window passes, so a token cannot be guessed at the speed of the network. Bounded: the oldest addresses are forgotten
 * first.
 */
final class SignInLimit {

  static final int FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int ADDRESSES = 10_000;

  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
      return size() > ADDRESSES;
    }
  };

  SignInLimit(Clock clock) {
    this.clock = clock;
  }

  synchronized boolean allows(String address) {
    Deque<Instant> recent = failures.get(address);
    if (recent == null) {
      return true;
    }
    Instant since = clock.instant().minus(WINDOW);
    while (!recent.isEmpty() && recent.peekFirst().isBefore(since)) {
      recent.removeFirst();
    }
    return recent.size() < FAILURES;
  }

  synchronized void failed(String address) {
    failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(clock.instant());
  }
}
