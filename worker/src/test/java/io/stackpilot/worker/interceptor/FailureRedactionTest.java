package io.stackpilot.worker.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.activities.Redaction;
import io.stackpilot.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** A failure leaves the worker with its type and retry decision, its text redacted, and no cause chain. */
class FailureRedactionTest {

  @Test
  void transientFailureKeepsItsTypeAndLosesItsSecrets() {
    Redaction.remember("pw-7Hq2-sentinel");
    RuntimeException failure = new IllegalStateException("mariadb: Access denied (password pw-7Hq2-sentinel)",
        new UncheckedIOException(new IOException("row 'pw-7Hq2-sentinel' rejected")));

    ApplicationFailure redacted = ActivityContext.redacted(failure);

    assertThat(redacted.getType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(redacted.isNonRetryable()).isFalse();
    assertThat(redacted.getOriginalMessage()).isEqualTo("mariadb: Access denied (password ****) (row '****' rejected)");
    assertThat(redacted.getCause()).isNull();
  }

  @Test
  void typedFailureStaysNonRetryable() {
    ApplicationFailure redacted = ActivityContext.redacted(
        FailureType.MISSING_SECRET.failure("secret db: https://bot:t0ken@vault.example.com/ refused"));

    assertThat(redacted.getType()).isEqualTo(FailureType.MISSING_SECRET.id());
    assertThat(redacted.isNonRetryable()).isTrue();
    assertThat(redacted.getOriginalMessage()).isEqualTo("secret db: https://****@vault.example.com/ refused");
  }

  @Test
  void aRefusedBackupKeepsTheBackupItOffersInstead() {
    ApplicationFailure redacted = ActivityContext.redacted(FailureType.TAMPERED_BACKUP.refusingBackup(
        "backup b2: part db.sql.zst does not match its manifest", "20261124T020000Z-1a2b3c4d"));

    assertThat(redacted.getType()).isEqualTo(FailureType.TAMPERED_BACKUP.id());
    assertThat(redacted.getDetails().getSize()).isEqualTo(1);
    assertThat(redacted.getDetails().get(0, String.class)).isEqualTo("20261124T020000Z-1a2b3c4d");
  }

  @Test
  void resultsLeaveMaskedAndUnchangedWhenThereIsNothingToMask() {
    Redaction.remember("result-sentinel-93kQ");
    record Step(String note, java.util.List<String> lines, long bytes) {}

    Object masked = RedactedResults.of(new io.temporal.common.interceptors.ActivityInboundCallsInterceptor.ActivityOutput(
        new Step("ran with result-sentinel-93kQ", java.util.List.of("ok", "token=abc123"), 7))).getResult();
    Step clean = new Step("ran", java.util.List.of("ok"), 7);
    Object untouched = RedactedResults.of(new io.temporal.common.interceptors.ActivityInboundCallsInterceptor.ActivityOutput(
        clean)).getResult();

    assertThat(masked.toString()).contains("ran with ****", "token=****", "7").doesNotContain("result-sentinel-93kQ",
        "abc123");
    assertThat(untouched).isSameAs(clean);
  }

  @Test
  void progressLeavesMasked() {
    Redaction.remember("progress-sentinel-4Lx");
    java.util.List<Object> sent = new java.util.ArrayList<>();
    io.temporal.activity.ActivityExecutionContext sdk = (io.temporal.activity.ActivityExecutionContext)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {io.temporal.activity.ActivityExecutionContext.class}, (proxy, method, args) -> {
              if (method.getName().equals("heartbeat")) {
                sent.add(args[0]);
              }
              return null;
            });

    new RedactingActivityContext(sdk).heartbeat("dump of https://bot:pw@host/x with progress-sentinel-4Lx, 12 MB");
    new RedactingActivityContext(sdk).heartbeat(42L);

    assertThat(sent).containsExactly("dump of https://****@host/x with ****, 12 MB", 42L);
  }
}
