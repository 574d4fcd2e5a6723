package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.api.DrillResult;
import io.stackpilot.workflows.api.ReconcileState.Applied;
import io.stackpilot.workflows.api.ReconcileState.Drills;
import io.stackpilot.workflows.api.ReconcileState;
import java.time.Duration;
import java.time.Instant;

/** When the scheduled drill of stack.yaml's {@code drill:} is due, overdue, and what one that ended records. */
final class DrillClock {

  /** Without an interval of its own, a drill comes back weekly. */
  static final Duration DEFAULT_INTERVAL = Duration.ofDays(7);

  private DrillClock() {}

  /** Due: stack.yaml asks for drills, a backup exists to drill, and the next drill's time has come. */
  static boolean due(ReconcileState state, Instant now) {
    Applied applied = state.applied();
    return applied != null && applied.stack().drill() != null && state.nightly().lastBackup() != null
        && (state.drills() == null || !now.isBefore(Instant.parse(state.drills().nextAt())));
  }

  /** A drill that should have run a whole interval ago and did not (paused, busy, failing to start). */
  static boolean overdue(ReconcileState state, Instant now) {
    Applied applied = state.applied();
    Drills drills = state.drills();
    return applied != null && applied.stack().drill() != null && drills != null
        && now.isAfter(Instant.parse(drills.nextAt()).plus(applied.stack().drill().interval()));
  }

  /** When the drill after one that ends {@code now} is due. */
  static Instant next(Applied applied, Instant now) {
    return now.plus(applied.stack().drill() == null ? DEFAULT_INTERVAL : applied.stack().drill().interval());
  }

  static Drills passed(DrillResult result, Instant now, Instant next) {
    return new Drills(now.toString(), "passed", result.rtoSeconds(), result.rpoSeconds(), result.backupId(),
        next.toString());
  }

  static Drills failed(String why, Instant now, Instant next) {
    return new Drills(now.toString(), "failed: " + why, null, null, null, next.toString());
  }
}
