package io.stackpilot.workflows.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.workflows.Samples;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.DrillResult;
import io.stackpilot.workflows.api.ReconcileState.Applied;
import io.stackpilot.workflows.api.ReconcileState.Drills;
import io.stackpilot.workflows.api.ReconcileState.Failed;
import io.stackpilot.workflows.api.ReconcileState.Nightly;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.ReconcileStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GitOps loop's pure pieces: the drill clock, adoption and the loop's state name, apart from the workflow. */
class LoopPhasesTest {

  private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
  private static final DesiredState DRILLED = Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "drill: { every: P1D }\n");
  private static final Nightly BACKED_UP = new Nightly("20261203T020000Z-1a2b3c4d", "2026-12-03T02:00:00Z", null, false,
      null, false, null, null, null);

  private static ReconcileState applied(DesiredState desired, Nightly nightly, Drills drills) {
    return ReconcileState.initial().withApplied(new Applied(desired.commit(), desired.stack())).withNightly(nightly)
        .withDrills(drills);
  }

  @Test
  void aDrillIsDueOnceABackupExistsAndItsTimeHasComeAndOverdueAWholeIntervalLater() {
    Drills nextInAnHour = new Drills(null, "passed", 60L, 600L, "b", NOW.plus(Duration.ofHours(1)).toString());
    Drills dueTwoDaysAgo = new Drills(null, "passed", 60L, 600L, "b", NOW.minus(Duration.ofDays(2)).toString());

    assertThat(DrillClock.due(applied(DRILLED, BACKED_UP, null), NOW)).as("the first, once a backup exists").isTrue();
    assertThat(DrillClock.due(applied(DRILLED, Nightly.NONE, null), NOW)).as("no backup to drill").isFalse();
    assertThat(DrillClock.due(applied(DRILLED, BACKED_UP, nextInAnHour), NOW)).isFalse();
    assertThat(DrillClock.due(applied(Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"), BACKED_UP, null), NOW))
        .as("stack.yaml asks for none").isFalse();
    assertThat(DrillClock.overdue(applied(DRILLED, BACKED_UP, dueTwoDaysAgo), NOW)).isTrue();
    assertThat(DrillClock.overdue(applied(DRILLED, BACKED_UP, nextInAnHour), NOW)).isFalse();
    assertThat(DrillClock.next(new Applied("c0ffee1", DRILLED.stack()), NOW)).isEqualTo(NOW.plus(Duration.ofDays(1)));
    Drills passed = DrillClock.passed(new DrillResult("acme", "b1", "2026-12-03T02:00:00Z", "acme-drill-1", 90, 25_200,
        3, null, List.of()), NOW, NOW.plus(Duration.ofDays(1)));
    assertThat(passed.failed()).isFalse();
    assertThat(DrillClock.failed("tables differ", NOW, NOW).outcome()).isEqualTo("failed: tables differ");
  }

  @Test
  void aStackOnTheHostIsAdoptedUpdatedOrLeftToTheInstall() {
    assertThat(Adoption.of(new HostPlan(List.of(), true, List.of(), List.of(), List.of()), "acme-prod-1", "c0ffee1234")).isNull();
    assertThat(Adoption.of(new HostPlan(List.of(), true, List.of("db", "web"), List.of(), List.of()), "acme-prod-1", "c0ffee1234"))
        .isEqualTo(new ReconcileDecision(ReconcileDecision.Action.RECORD,
            "installed before this loop on acme-prod-1 and matching commit c0ffee12: adopted"));
    ReconcileDecision update = Adoption.of(new HostPlan(List.of("a", "b", "c", "d"), false, List.of("db"), List.of(), List.of()), "h",
        "c0ffee1234");
    assertThat(update.action()).isEqualTo(ReconcileDecision.Action.UPDATE);
    assertThat(update.reason()).isEqualTo("installed before this loop on h, differs from commit c0ffee12: a; b; c; …");
  }

  @Test
  void driftIsNoneTheKnownOneOrNew() {
    ReconcileState.Drift known = new ReconcileState.Drift("changed outside Stackpilot: web stopped", "2026-12-03T08:00:00Z",
        null);

    assertThat(DriftCheck.of(new HostPlan(List.of(), true, List.of("web"), List.of(), List.of()), known, NOW)).isNull();
    assertThat(DriftCheck.of(new HostPlan(List.of("web stopped"), false, List.of("web"), List.of(), List.of()), known, NOW)).isSameAs(known);
    assertThat(DriftCheck.of(new HostPlan(List.of("web removed"), false, List.of("db"), List.of(), List.of()), known, NOW))
        .isEqualTo(new ReconcileState.Drift("changed outside Stackpilot: web removed", NOW.toString(), null));
  }

  @Test
  void theLoopsStateIsTheFirstThatApplies() {
    ReconcileState watching = applied(DRILLED, BACKED_UP, null);
    assertThat(LoopStatus.name(watching, null, NOW)).isEqualTo(ReconcileStatus.WATCHING);
    assertThat(LoopStatus.name(watching.withPausedReason("maintenance"), null, NOW)).isEqualTo(ReconcileStatus.PAUSED);
    assertThat(LoopStatus.name(watching, new LoopRun.NightlyBackup(null), NOW)).isEqualTo(ReconcileStatus.BACKING_UP);
    assertThat(LoopStatus.name(watching, new LoopRun.Drill(null), NOW)).isEqualTo(ReconcileStatus.DRILLING);
    assertThat(LoopStatus.name(watching.withFailed(new Failed("c0ffee1", "update failed")), null, NOW))
        .isEqualTo(ReconcileStatus.WAITING_FOR_OPERATOR);
    assertThat(LoopStatus.name(watching.withDrills(DrillClock.failed("tables differ", NOW, NOW.plus(Duration.ofDays(1)))),
        null, NOW)).isEqualTo(ReconcileStatus.DRILL_FAILED);
  }
}
