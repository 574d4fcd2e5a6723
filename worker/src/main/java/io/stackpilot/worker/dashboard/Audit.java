package io.stackpilot.worker.dashboard;

import io.stackpilot.worker.access.Principal;
import io.stackpilot.worker.access.Role;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The audit record of one action asked of the dashboard: who (and with which role on the stack), what, which stack,
 * from where, when and with which outcome — done, refused by Temporal's run, or refused here — as one event of the
 * logger {@code io.stackpilot.audit}, its fields also in the MDC (so the JSON log form carries them as fields).
 */
final class Audit {

  static final Logger LOG = LoggerFactory.getLogger("io.stackpilot.audit");

  private final String action;
  private final String customer;
  private final String from;
  private final Instant at = Instant.now();

  Audit(String action, String customer, String from) {
    this.action = action;
    this.customer = customer;
    this.from = from;
  }

  /** The action reached the run or loop: {@code done} when it took it, with what it said. */
  void done(Principal who, Role role, boolean done, String said) {
    record(who, role, done ? "done" : "declined by the run", said);
  }

  /** The action was refused before it reached Temporal, for {@code why}. */
  void refused(Principal who, Role role, String why) {
    record(who, role, "refused", why);
  }

  private void record(Principal who, Role role, String outcome, String detail) {
    try (MDC.MDCCloseable a = MDC.putCloseable("audit.actor", who.name());
         MDC.MDCCloseable b = MDC.putCloseable("audit.role", role == null ? "none" : role.label());
         MDC.MDCCloseable c = MDC.putCloseable("audit.action", action);
         MDC.MDCCloseable d = MDC.putCloseable("audit.customer", customer);
         MDC.MDCCloseable e = MDC.putCloseable("audit.from", from);
         MDC.MDCCloseable f = MDC.putCloseable("audit.at", at.toString());
         MDC.MDCCloseable g = MDC.putCloseable("audit.outcome", outcome)) {
      if (outcome.equals("refused")) {
        LOG.warn("{} ({}) asked {} of {} from {} via the dashboard: refused, {}", who.name(),
            role == null ? "no role" : role.label(), action, customer, from, detail);
      } else {
        LOG.info("{} ({}) asked {} of {} from {} via the dashboard: {}, {}", who.name(), role.label(), action, customer,
            from, outcome, detail);
      }
    }
  }
}
