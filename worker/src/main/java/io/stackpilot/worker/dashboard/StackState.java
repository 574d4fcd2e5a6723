package io.stackpilot.worker.dashboard;

import io.stackpilot.client.Runs;
import io.stackpilot.workflows.api.StackStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The few words the pages sort stacks by, taken from a stack's latest run as Temporal and the run report it. */
final class StackState {

  static final String RUNNING = "running";
  static final String NEEDS_ATTENTION = "needs-attention";
  static final String FAILED = "failed";
  static final String COMPLETED = "completed";
  /** A loop follows the stack but no operation has run yet. */
  static final String IDLE = "idle";
  static final List<String> ALL = List.of(RUNNING, NEEDS_ATTENTION, FAILED, COMPLETED, IDLE);

  private StackState() {}

  /** running, needs-attention, failed (also terminated, timed out, cancelled) or completed; idle without a run. */
  static String of(Runs.Run run) {
    if (run == null) {
      return IDLE;
    }
    return switch (run.status()) {
      case "running" -> run.detail() != null && StackStatus.NEEDS_ATTENTION.equals(run.detail().state())
          ? NEEDS_ATTENTION : RUNNING;
      case "completed" -> COMPLETED;
      default -> FAILED;
    };
  }

  /** The same of a stack's newest operation as the fleet index keeps it; idle without one. */
  static String of(io.stackpilot.workflows.api.FleetOperation run) {
    if (run == null) {
      return IDLE;
    }
    return switch (run.status() == null ? "" : run.status()) {
      case "running" -> StackStatus.NEEDS_ATTENTION.equals(run.state()) ? NEEDS_ATTENTION : RUNNING;
      case "completed" -> COMPLETED;
      default -> FAILED;
    };
  }

  /** "needs attention" for needs-attention: what the page shows. */
  static String label(String state) {
    return state.replace('-', ' ');
  }

  /** How long ago {@code at} (an ISO instant) was, in the two largest units ("2 d 3 h", "4 min 10 s"); null stays null. */
  static String age(String at, Instant now) {
    if (at == null) {
      return null;
    }
    Duration d;
    try {
      d = Duration.between(Instant.parse(at), now);
    } catch (DateTimeParseException e) {
      return null;
    }
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    if (d.toDays() > 0) {
      return d.toDays() + " d " + d.toHoursPart() + " h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
    return d.toSeconds() + " s";
  }

  /** A duration in milliseconds as the steps table shows it ("850 ms", "12.3 s", "4 min 2 s"). */
  static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format("%.1f s", millis / 1000.0);
    }
    return (millis / 60_000) + " min " + (millis / 1000 % 60) + " s";
  }
}
