package io.stackpilot.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.worker.dashboard.FleetReader;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.ReconcileStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetSeriesTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  private static ReconcileStatus loop(String state, String lastBackupAt) {
    return new ReconcileStatus("acme", state, false, null, "c0ffee1", "1.1.0", "acme-1", null, null, null, null, null,
        "20261204T020000Z-1a2b3c4d", lastBackupAt, "2026-12-05T01:00:00Z", null, null, null, null, null, null, null,
        null, "file:///git/acme.git", "main", null, null, null, null, null, null, 0, null, null);
  }

  private static FleetReader.Observation stacks(FleetReader.Observed... stacks) {
    return new FleetReader.Observation(List.of(stacks), List.of());
  }

  private static Map<String, Double> byKey(List<FleetSeries.Sample> samples) {
    return samples.stream().collect(Collectors.toMap(s -> s.name() + new java.util.TreeMap<>(s.labels()),
        FleetSeries.Sample::value));
  }

  @Test
  void aStackInAStateHasOneSeriesPerStateWithOnlyItsOwnAtOne() {
    Map<String, Double> series = byKey(FleetSeries.of(stacks(new FleetReader.Observed("acme", "needs-attention",
        FleetLoop.of(loop(ReconcileStatus.BACKUP_OVERDUE, "2026-12-02T01:00:00Z")), null)), NOW));

    assertThat(series).containsEntry("stackpilot_stack_state{customer=acme, state=needs-attention}", 1.0)
        .containsEntry("stackpilot_stack_state{customer=acme, state=running}", 0.0)
        .containsEntry("stackpilot_stack_loop_state{customer=acme, state=BackupOverdue}", 1.0)
        .containsEntry("stackpilot_stack_loop_state{customer=acme, state=Watching}", 0.0)
        .containsEntry("stackpilot_stack_loop_up{customer=acme}", 1.0)
        .containsEntry("stackpilot_backup_last_success_timestamp_seconds{customer=acme}",
            (double) Instant.parse("2026-12-02T01:00:00Z").getEpochSecond())
        .containsEntry("stackpilot_fleet_stacks{}", 1.0)
        .containsEntry("stackpilot_fleet_read_timestamp_seconds{}", (double) NOW.getEpochSecond());
    assertThat(series.keySet().stream().filter(k -> k.startsWith("stackpilot_stack_state{"))).hasSize(5);
    assertThat(series.keySet()).as("no archive runs: no archive series")
        .noneMatch(k -> k.startsWith("stackpilot_binlog_archive"));
  }

  @Test
  void anArchiveWithAGapSaysSoAndCountsItsGaps() {
    ArchiveStatus gap = new ArchiveStatus("acme", "gap", "c0ffee1", "0a1b2c3d-lineage", "binlog.000007",
        "2026-12-04T09:58:30Z", "20261204T020000Z-1a2b3c4d", 2, "binlog.000008 is gone from the server", null,
        "2026-12-04T09:59:00Z");
    Map<String, Double> series = byKey(FleetSeries.of(stacks(new FleetReader.Observed("acme", "completed",
        FleetLoop.of(loop(ReconcileStatus.WATCHING, null)), gap)), NOW));

    assertThat(series).containsEntry("stackpilot_binlog_archive_state{customer=acme, state=gap}", 1.0)
        .containsEntry("stackpilot_binlog_archive_state{customer=acme, state=archiving}", 0.0)
        .containsEntry("stackpilot_binlog_archive_gaps{customer=acme}", 2.0)
        .containsEntry("stackpilot_binlog_archive_failing{customer=acme}", 0.0)
        .containsEntry("stackpilot_binlog_archive_updated_timestamp_seconds{customer=acme}",
            (double) Instant.parse("2026-12-04T09:59:00Z").getEpochSecond())
        .containsEntry("stackpilot_binlog_archive_last_event_timestamp_seconds{customer=acme}",
            (double) Instant.parse("2026-12-04T09:58:30Z").getEpochSecond());
    assertThat(series.keySet()).as("no backup yet: no time rather than 1970")
        .noneMatch(k -> k.startsWith("stackpilot_backup_last_success_timestamp_seconds"));
  }

  @Test
  void aLoopThatDoesNotAnswerIsDownWithoutStaleStates() {
    Map<String, Double> series = byKey(FleetSeries.of(stacks(new FleetReader.Observed("acme", "idle", null, null)), NOW));

    assertThat(series).containsEntry("stackpilot_stack_loop_up{customer=acme}", 0.0)
        .containsEntry("stackpilot_stack_state{customer=acme, state=idle}", 1.0);
    assertThat(series.keySet()).noneMatch(k -> k.startsWith("stackpilot_stack_loop_state"));
  }

  @Test
  void theLastBackupDrillAndFailuresAreNumbersAndAHostsLeaseSaysWhetherAnAgentServesIt() {
    ReconcileStatus drilled = new ReconcileStatus("acme", ReconcileStatus.WATCHING, false, null, "c0ffee1", "1.1.0",
        "acme-1", null, null, null, null, null, "20261204T020000Z-1a2b3c4d", "2026-12-04T02:00:00Z",
        "2026-12-05T02:00:00Z", null, null, null, null, null, null, "passed at 2026-12-04T03:00:00Z", null,
        "file:///git/acme.git", "main", 52_428_800L, 41L, "2026-12-04T03:00:00Z", true, 35L, 3600L, 2, null, null);
    ReconcileStatus failedDrill = new ReconcileStatus("bravo", ReconcileStatus.DRILL_FAILED, false, null, "c0ffee1",
        "1.1.0", "acme-1", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        "failed at 2026-12-04T03:00:00Z: no backup", null, "file:///git/bravo.git", "main", null, null,
        "2026-12-04T03:00:00Z", false, null, null, 1, null, null);
    io.stackpilot.workflows.api.HostLease fresh = new io.stackpilot.workflows.api.HostLease("agent on acme-1",
        "2026-12-01T00:00:00Z", "2026-12-04T09:59:30Z", 90, null, null);
    io.stackpilot.workflows.api.HostLease silent = new io.stackpilot.workflows.api.HostLease("agent on acme-2",
        "2026-12-01T00:00:00Z", "2026-12-04T09:50:00Z", 90, null, null);
    Map<String, Double> series = byKey(FleetSeries.of(new FleetReader.Observation(List.of(
        new FleetReader.Observed("acme", "completed", FleetLoop.of(drilled), null),
        new FleetReader.Observed("bravo", "completed", FleetLoop.of(failedDrill), null)), List.of(
        new FleetReader.ObservedLease("acme-1", fresh), new FleetReader.ObservedLease("acme-2", silent))), NOW));

    assertThat(series).containsEntry("stackpilot_backup_last_size_bytes{customer=acme}", 52_428_800.0)
        .containsEntry("stackpilot_backup_last_duration_seconds{customer=acme}", 41.0)
        .containsEntry("stackpilot_drill_passed{customer=acme}", 1.0)
        .containsEntry("stackpilot_drill_rto_seconds{customer=acme}", 35.0)
        .containsEntry("stackpilot_drill_rpo_seconds{customer=acme}", 3600.0)
        .containsEntry("stackpilot_drill_last_timestamp_seconds{customer=acme}",
            (double) Instant.parse("2026-12-04T03:00:00Z").getEpochSecond())
        .containsEntry("stackpilot_operations_failed_total{customer=acme}", 2.0)
        .containsEntry("stackpilot_drill_passed{customer=bravo}", 0.0)
        .containsEntry("stackpilot_operations_failed_total{customer=bravo}", 1.0)
        .containsEntry("stackpilot_host_lease_held{host=acme-1}", 1.0)
        .containsEntry("stackpilot_host_lease_held{host=acme-2}", 0.0)
        .containsEntry("stackpilot_host_lease_last_seen_timestamp_seconds{host=acme-2}",
            (double) Instant.parse("2026-12-04T09:50:00Z").getEpochSecond());
    assertThat(series.keySet()).as("a failed drill has no RTO, a backup the loop did not see written no duration")
        .noneMatch(k -> k.equals("stackpilot_drill_rto_seconds{customer=bravo}"))
        .noneMatch(k -> k.equals("stackpilot_backup_last_duration_seconds{customer=bravo}"));
  }

  @Test
  void aRunningRolloutCountsItsStacksPerStateAndSaysItsState() {
    io.stackpilot.workflows.api.RolloutStatus halted = new io.stackpilot.workflows.api.RolloutStatus("r-1", "1.1.0",
        "release=1.0.*", "halted", 2, 3, "1 stack failed", null, List.of(
        new io.stackpilot.workflows.api.RolloutStack("acme", 1, "healthy", "c1", null),
        new io.stackpilot.workflows.api.RolloutStack("bravo", 2, "failed", "c2", "needs attention"),
        new io.stackpilot.workflows.api.RolloutStack("charlie", 2, "healthy", "c3", null),
        new io.stackpilot.workflows.api.RolloutStack("delta", 3, "pending", null, null)));
    Map<String, Double> series = byKey(FleetSeries.of(new FleetReader.Observation(List.of(), List.of(), List.of(halted)),
        NOW));

    assertThat(series).containsEntry("stackpilot_rollout_state{rollout=r-1, state=halted}", 1.0)
        .containsEntry("stackpilot_rollout_state{rollout=r-1, state=running}", 0.0)
        .containsEntry("stackpilot_rollout_stacks{rollout=r-1, state=healthy}", 2.0)
        .containsEntry("stackpilot_rollout_stacks{rollout=r-1, state=failed}", 1.0)
        .containsEntry("stackpilot_rollout_stacks{rollout=r-1, state=pending}", 1.0)
        .containsEntry("stackpilot_rollout_stacks{rollout=r-1, state=reverted}", 0.0)
        .containsEntry("stackpilot_rollout_wave{rollout=r-1}", 2.0);
  }
}
