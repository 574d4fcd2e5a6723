package io.stackpilot.worker.metrics;

import io.stackpilot.worker.dashboard.FleetReader;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.RolloutStack;
import io.stackpilot.workflows.api.RolloutStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the fleet's gauges say about each stack, from what its runs, loop and archive answered, and about each host, from
 * its lease: a series per state
 * (1 for the state it is in, 0 for the others, so that an alert can ask for a state's duration), times as Unix
 * seconds. A time a stack has not reached yet (no backup so far) has no series rather than a zero.
 */
final class FleetSeries {

  /** A gauge's name and help text. */
  record Name(String name, String help) {}

  /** One series' value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static final Name READ = new Name("stackpilot_fleet_read_timestamp_seconds",
      "When the control worker last read the fleet's state from Temporal");
  static final Name STACKS = new Name("stackpilot_fleet_stacks", "Stacks Temporal knows a run or a loop of");
  static final Name STATE = new Name("stackpilot_stack_state",
      "1 for the state of the stack's latest operation (running, needs-attention, failed, completed, idle), 0 for the others");
  static final Name LOOP = new Name("stackpilot_stack_loop_state",
      "1 for the state the stack's reconcile loop reports, 0 for the others; no series when no loop answers");
  static final Name LOOP_ANSWERS = new Name("stackpilot_stack_loop_up",
      "1 when the stack's reconcile loop runs and answers its status query");
  static final Name LAST_BACKUP = new Name("stackpilot_backup_last_success_timestamp_seconds",
      "When the stack's newest complete backup was taken");
  static final Name NEXT_BACKUP = new Name("stackpilot_backup_next_timestamp_seconds",
      "When the stack's loop takes its next scheduled backup");
  static final Name ARCHIVE_STATE = new Name("stackpilot_binlog_archive_state",
      "1 for the state of the stack's binary log archive (starting, archiving, needs-base, gap, stopped), 0 for the others");
  static final Name ARCHIVE_LAST_EVENT = new Name("stackpilot_binlog_archive_last_event_timestamp_seconds",
      "The time of the newest event in the stack's archived binary log: the point a recovery reaches now");
  static final Name ARCHIVE_UPDATED = new Name("stackpilot_binlog_archive_updated_timestamp_seconds",
      "When the stack's archive last reported: after each shipping run (10 minutes by default) and each failure");
  static final Name ARCHIVE_FAILING = new Name("stackpilot_binlog_archive_failing",
      "1 while the stack's archive's last shipping run failed (the status says why), 0 after a good one");
  static final Name ARCHIVE_GAPS = new Name("stackpilot_binlog_archive_gaps",
      "Gaps the stack's archive met since it started, each closed by a new full backup");

  static final Name LAST_BACKUP_SIZE = new Name("stackpilot_backup_last_size_bytes",
      "The size in the store of the stack's newest complete backup");
  static final Name LAST_BACKUP_DURATION = new Name("stackpilot_backup_last_duration_seconds",
      "How long writing the stack's newest backup took (dump, upload, verify, manifest), when its loop saw it written");
  static final Name DRILL_AT = new Name("stackpilot_drill_last_timestamp_seconds", "When the stack's last drill ended");
  static final Name DRILL_PASSED = new Name("stackpilot_drill_passed", "1 when the stack's last drill passed, 0 when it failed");
  static final Name DRILL_RTO = new Name("stackpilot_drill_rto_seconds",
      "The recovery time of the stack's last passed drill: start of the restore until healthy");
  static final Name DRILL_RPO = new Name("stackpilot_drill_rpo_seconds",
      "The recovery point of the stack's last passed drill: the age of what it restored");
  static final Name OPERATIONS_FAILED = new Name("stackpilot_operations_failed_total",
      "Operations the stack's reconcile loop ran that failed (applies, nightly backups, drills), since the loop started");
  static final Name LEASE_HELD = new Name("stackpilot_host_lease_held",
      "1 while a host agent holds the host's lease and renewed it within its ttl: something serves the host's steps");
  static final Name LEASE_SEEN = new Name("stackpilot_host_lease_last_seen_timestamp_seconds",
      "When the host agent holding the host's lease last renewed it");

  static final Name ROLLOUT_STATE = new Name("stackpilot_rollout_state",
      "1 for the state of a running rollout (running, soaking, paused, halted), 0 for the others");
  static final Name ROLLOUT_STACKS = new Name("stackpilot_rollout_stacks",
      "The stacks of a running rollout in each state (pending, written, waiting-for-window, applying, healthy, failed, …)");
  static final Name ROLLOUT_WAVE = new Name("stackpilot_rollout_wave", "The wave a running rollout is in");

  /** What is exported as a counter: a count only ever rising while its loop runs, not a level. */
  static final List<Name> COUNTERS = List.of(OPERATIONS_FAILED);

  static final List<Name> NAMES = List.of(READ, STACKS, STATE, LOOP, LOOP_ANSWERS, LAST_BACKUP, NEXT_BACKUP,
      LAST_BACKUP_SIZE, LAST_BACKUP_DURATION, DRILL_AT, DRILL_PASSED, DRILL_RTO, DRILL_RPO, OPERATIONS_FAILED,
      ARCHIVE_STATE, ARCHIVE_LAST_EVENT, ARCHIVE_UPDATED, ARCHIVE_FAILING, ARCHIVE_GAPS, LEASE_HELD, LEASE_SEEN, ROLLOUT_STATE, ROLLOUT_STACKS, ROLLOUT_WAVE);

  private static final List<String> ROLLOUT_STATES = List.of(RolloutStatus.RUNNING, RolloutStatus.SOAKING,
      RolloutStatus.PAUSED, RolloutStatus.HALTED);
  private static final List<String> ROLLOUT_STACK_STATES = List.of(RolloutStack.PENDING, RolloutStack.WRITTEN,
      RolloutStack.WAITING_FOR_WINDOW, RolloutStack.APPLYING, RolloutStack.HEALTHY, RolloutStack.FAILED,
      RolloutStack.ROLLED_BACK, RolloutStack.SKIPPED, RolloutStack.REVERTED);

  private FleetSeries() {}

  static List<Sample> of(FleetReader.Observation observed, Instant readAt) {
    List<FleetReader.Observed> stacks = observed.stacks();
    List<Sample> samples = new ArrayList<>();
    samples.add(new Sample(READ.name(), Map.of(), readAt.toEpochMilli() / 1000.0));
    samples.add(new Sample(STACKS.name(), Map.of(), stacks.size()));
    for (FleetReader.Observed stack : stacks) {
      String customer = stack.customer();
      states(samples, STATE, customer, FleetReader.STATES, stack.state());
      io.stackpilot.workflows.api.FleetLoop loop = stack.loop();
      samples.add(new Sample(LOOP_ANSWERS.name(), Map.of("customer", customer), loop == null ? 0 : 1));
      if (loop != null) {
        states(samples, LOOP, customer, ReconcileStatus.STATES, loop.state());
        time(samples, LAST_BACKUP, customer, loop.lastBackupAt());
        time(samples, NEXT_BACKUP, customer, loop.nextBackupAt());
        number(samples, LAST_BACKUP_SIZE, customer, loop.lastBackupBytes());
        number(samples, LAST_BACKUP_DURATION, customer, loop.lastBackupSeconds());
        time(samples, DRILL_AT, customer, loop.lastDrillAt());
        if (loop.lastDrillPassed() != null) {
          samples.add(new Sample(DRILL_PASSED.name(), Map.of("customer", customer), loop.lastDrillPassed() ? 1 : 0));
        }
        number(samples, DRILL_RTO, customer, loop.lastDrillRtoSeconds());
        number(samples, DRILL_RPO, customer, loop.lastDrillRpoSeconds());
        samples.add(new Sample(OPERATIONS_FAILED.name(), Map.of("customer", customer), loop.operationsFailed()));
      }
      ArchiveStatus archive = stack.archive();
      if (archive != null) {
        states(samples, ARCHIVE_STATE, customer, ArchiveStatus.STATES, archive.state());
        time(samples, ARCHIVE_LAST_EVENT, customer, archive.lastEventAt());
        time(samples, ARCHIVE_UPDATED, customer, archive.updatedAt());
        samples.add(new Sample(ARCHIVE_FAILING.name(), Map.of("customer", customer), archive.lastError() == null ? 0 : 1));
        samples.add(new Sample(ARCHIVE_GAPS.name(), Map.of("customer", customer), archive.gaps()));
      }
    }
    for (FleetReader.ObservedLease lease : observed.leases()) {
      Map<String, String> host = Map.of("host", lease.host());
      Instant seen = instant(lease.lease().lastSeen());
      boolean held = lease.lease().holder() != null && seen != null
          && seen.plusSeconds(lease.lease().ttlSeconds()).isAfter(readAt);
      samples.add(new Sample(LEASE_HELD.name(), host, held ? 1 : 0));
      if (seen != null) {
        samples.add(new Sample(LEASE_SEEN.name(), host, seen.toEpochMilli() / 1000.0));
      }
    }
    for (RolloutStatus rollout : observed.rollouts()) {
      for (String state : ROLLOUT_STATES) {
        samples.add(new Sample(ROLLOUT_STATE.name(), Map.of("rollout", rollout.id(), "state", state),
            state.equals(rollout.state()) ? 1 : 0));
      }
      for (String state : ROLLOUT_STACK_STATES) {
        samples.add(new Sample(ROLLOUT_STACKS.name(), Map.of("rollout", rollout.id(), "state", state),
            rollout.stacks().stream().filter(s -> s.state().equals(state)).count()));
      }
      samples.add(new Sample(ROLLOUT_WAVE.name(), Map.of("rollout", rollout.id()), rollout.wave()));
    }
    return samples;
  }

  private static void number(List<Sample> samples, Name name, String customer, Long value) {
    if (value != null) {
      samples.add(new Sample(name.name(), Map.of("customer", customer), value));
    }
  }

  private static void states(List<Sample> samples, Name name, String customer, List<String> all, String current) {
    for (String state : all) {
      samples.add(new Sample(name.name(), Map.of("customer", customer, "state", state), state.equals(current) ? 1 : 0));
    }
  }

  private static void time(List<Sample> samples, Name name, String customer, String at) {
    Instant instant = instant(at);
    if (instant != null) {
      samples.add(new Sample(name.name(), Map.of("customer", customer), instant.toEpochMilli() / 1000.0));
    }
  }

  /** A time as written; null when there is none or (a run of an older version) it is not one: no series, not a wrong one. */
  private static Instant instant(String at) {
    if (at == null) {
      return null;
    }
    try {
      return Instant.parse(at);
    } catch (DateTimeParseException notATime) {
      return null;
    }
  }
}
