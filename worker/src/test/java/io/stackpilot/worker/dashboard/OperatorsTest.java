package io.stackpilot.worker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.worker.access.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sessions of the dashboard: who a cookie stands for, and for how long. */
class OperatorsTest {

  /** A clock a test moves. */
  private static final class Moving extends Clock {
    private Instant now = Instant.parse("2026-12-03T08:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Moving clock = new Moving();
  private final Operators operators = new Operators(List.of(new Operator("alice", "alice-token-0123456789",
      List.of("platform"))), clock);

  @Test
  void aSessionStandsForWhoSignedInUntilItExpires() {
    String alice = operators.signIn(operators.principal("alice"));
    String vera = operators.signIn(new Principal("vera", List.of("acme-support")));

    assertThat(operators.bySession(alice)).hasValue(new Principal("alice", List.of("platform")));
    assertThat(operators.bySession(vera)).as("a person an identity provider signed in")
        .hasValue(new Principal("vera", List.of("acme-support")));
    clock.now = clock.now.plus(Operators.SESSION).plus(Duration.ofSeconds(1));
    assertThat(operators.bySession(alice)).as("an expired session").isEmpty();
    assertThat(operators.bySession(vera)).isEmpty();
  }

  @Test
  void aForgedOrEndedSessionIsNobody() {
    String alice = operators.signIn(operators.principal("alice"));

    assertThat(operators.bySession(alice + "x")).isEmpty();
    assertThat(operators.bySession("")).isEmpty();
    assertThat(operators.bySession(null)).isEmpty();
    operators.signOut(alice);
    assertThat(operators.bySession(alice)).as("replayed after its sign-out").isEmpty();
    assertThat(operators.byToken("alice-token-0123456789")).hasValue("alice");
    assertThat(operators.byToken("alice-token-012345678")).isEmpty();
  }
}
