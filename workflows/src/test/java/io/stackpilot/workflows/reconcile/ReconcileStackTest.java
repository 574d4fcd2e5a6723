package io.stackpilot.workflows.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.workflows.Samples;
import io.stackpilot.workflows.StackTestEnvironment;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.activities.ServiceChange.Action;
import io.stackpilot.workflows.activities.ServiceChange;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The GitOps loop with the real operation workflows and scripted activities, on Temporal's test server with time
 * skipping: what each commit starts, the nightly backups at local time, freshness, pause, continue-as-new.
 */
class ReconcileStackTest {

  private static final String HOST = "host-acme-prod-1:";
  private static final String NEW_HOST = "host-acme-prod-2:";
  private static final String ID = "reconcile-acme";
  private static final BackupRef YESTERDAY = new BackupRef("file:///var/backups/stackpilot/acme", "acme",
      "20261124T010000Z-0a0b0c0d", "1.0.0", "1", null, 1 << 20);

  private static ReconcileStackWorkflow start(StackTestEnvironment t, String pollInterval, Integer maxIterations) {
    ReconcileStackWorkflow loop = t.client().newWorkflowStub(ReconcileStackWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(StackNames.TASK_QUEUE).build());
    WorkflowClient.start(loop::reconcile, new ReconcileRequest(Samples.REPO, "main", pollInterval, null, maxIterations, null));
    return loop;
  }

  private static boolean settled(ReconcileStatus s) {
    return s.running() == null && s.lastPollAt() != null;
  }

  private static Instant toSecond(Instant at) {
    return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private static BackupRef backupAt(Instant at) {
    return new BackupRef(YESTERDAY.store(), "acme", YESTERDAY.id(), "1.0.0", "1", at.toString(), 1 << 20);
  }

  @Test
  void neverInstalledStartsInstallStack() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));

      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      ReconcileStatus status = t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      assertThat(t.fakes.calls).contains("SeedFromVanilla", HOST + "RestoreIfEmpty", HOST + "VerifyHealth");
      assertThat(status.lastOperation()).isEqualTo("InstallStack");
      assertThat(status.lastOutcome()).isEqualTo("completed");
      assertThat(status.release()).isEqualTo("1.0.0");
      assertThat(status.host()).isEqualTo("acme-prod-1");
      assertThat(status.pendingChange()).isNull();
      assertThat(status.pendingReason()).isEqualTo("commit c0ffee1 is applied");
      assertThat(status.nextBackupAt()).as("02:00 Europe/Berlin").satisfies(next ->
          assertThat(Instant.parse(next).atZone(ZoneId.of("Europe/Berlin")).toLocalTime()).isEqualTo(LocalTime.of(2, 0)));
    }
  }

  /** Polls come at most an interval apart and at least nine tenths of one, each a little different: no lockstep. */
  @Test
  void pollsAreSpreadWithinATenthOfTheIntervalSoLoopsStartedTogetherDriftApart() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      ReconcileStackWorkflow loop = start(t, "PT10M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && s.running() == null);

      t.env.sleep(Duration.ofHours(3));
      List<Instant> fetches = t.client().fetchHistory(ID).getEvents().stream()
          .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
              && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("FetchDesiredState"))
          .map(e -> Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos())).toList();
      List<Duration> gaps = new java.util.ArrayList<>();
      for (int i = 2; i < fetches.size(); i++) {
        gaps.add(Duration.between(fetches.get(i - 1), fetches.get(i)));
      }

      assertThat(gaps).hasSizeGreaterThan(15).allSatisfy(gap -> assertThat(gap)
          .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10).plusSeconds(1)));
      assertThat(gaps.stream().map(Duration::toSeconds).distinct().count()).as("not one fixed period").isGreaterThan(5);
    }
  }

  @Test
  void stackInstalledBeforeTheLoopAndMatchingIsAdoptedWithoutAnOperation() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.hostPlan("acme-prod-1", new HostPlan(List.of(new ServiceChange("db", Action.UNCHANGED, "up to date"),
          new ServiceChange("web", Action.UNCHANGED, "up to date"), new ServiceChange("task-runner", Action.UNCHANGED,
          "up to date")), true, List.of("db", "task-runner", "web")));

      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      ReconcileStatus status = t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      assertThat(t.fakes.calls).as("asked the host, changed nothing on it").filteredOn(c -> c.startsWith("host-"))
          .isNotEmpty().containsOnly(HOST + "PlanServices");
      assertThat(t.fakes.calls).doesNotContain("SeedFromVanilla");
      assertThat(status.lastOperation()).isNull();
      assertThat(status.pendingReason()).isEqualTo("installed before this loop on acme-prod-1 and matching commit c0ffee1: adopted");
      assertThat(status.release()).isEqualTo("1.0.0");
    }
  }

  @Test
  void stackInstalledBeforeTheLoopWithAnotherReleaseIsUpdatedNotInstalled() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
      t.fakes.hostPlan("acme-prod-1", new HostPlan(List.of(new ServiceChange("web", Action.RECREATE,
          "image demo/web:1.0.0 → demo/web:1.1.0")), false, List.of("db", "task-runner", "web")));

      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      ReconcileStatus status = t.awaitLoop(loop, s -> "c0ffee2".equals(s.appliedCommit()));

      assertThat(status.lastOperation()).isEqualTo("UpdateStack");
      assertThat(t.fakes.calls).contains(HOST + "UploadBackupParts", HOST + "MigrateDatabase").doesNotContain("SeedFromVanilla");
      List<String> calls = List.copyOf(t.fakes.calls);
      assertThat(calls.subList(0, calls.indexOf(HOST + "UploadBackupParts")).stream().filter(c -> c.endsWith("PlanServices")))
          .as("asked once, before anything was applied").hasSize(1);
    }
  }

  @Test
  void releaseBumpStartsUpdateStackAndAReadmeOnlyCommitDoesNothing() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "d0c5d0c"));
      t.fakes.calls.clear();
      loop.sync();
      ReconcileStatus readme = t.awaitLoop(loop, s -> "d0c5d0c".equals(s.appliedCommit()));

      assertThat(t.fakes.calls).as("a commit that changes nothing of the stack runs nothing on the host but plans")
          .allMatch(call -> !call.startsWith("host-") || call.equals(HOST + "PlanServices"));
      assertThat(readme.pendingReason()).isEqualTo("commit d0c5d0c changes nothing that affects the stack");

      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
      loop.sync();
      ReconcileStatus updated = t.awaitLoop(loop, s -> "c0ffee2".equals(s.appliedCommit()));

      assertThat(t.fakes.calls).containsSubsequence(HOST + "UploadBackupParts", HOST + "MigrateDatabase", HOST + "StartServices");
      assertThat(updated.lastOperation()).isEqualTo("UpdateStack");
      assertThat(updated.release()).isEqualTo("1.1.0");
      t.saveHistory(ID, "ReconcileStack");
    }
  }

  @Test
  void hostChangeStartsMigrateStackFromTheAppliedHost() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1", "acme-prod-2")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-2", "c0ffee3"));
      t.fakes.calls.clear();
      loop.sync();
      ReconcileStatus moved = t.awaitLoop(loop, s -> "c0ffee3".equals(s.appliedCommit()));

      assertThat(moved.lastOperation()).isEqualTo("MigrateStack");
      assertThat(moved.host()).isEqualTo("acme-prod-2");
      assertThat(t.fakes.calls).containsSubsequence(HOST + "UploadBackupParts", NEW_HOST + "RestoreIfEmpty(new host)",
          HOST + "StopStack");
    }
  }

  private static final String SUNDAY_NIGHTS = "maintenance: { windows: [\"Sun 01:00-05:00\"], timezone: Europe/Berlin }\n";

  /**
   * Friday morning a release change comes in; stack.yaml allows restarts only on Sunday nights. The loop shows the wait
   * and the window, the nightly backups go on, and the update starts when the window opens, not at the next hourly poll.
   */
  @Test
  void aReleaseChangeOutsideTheWindowWaitsForItWhileBackupsGoOnAndStartsWhenItOpens() {
    try (StackTestEnvironment t = new StackTestEnvironment(Instant.parse("2026-12-04T10:00:00Z"), "acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", SUNDAY_NIGHTS));
      t.fakes.newestBackup = backupAt(Instant.parse("2026-12-04T01:00:00Z"));
      ReconcileStackWorkflow loop = start(t, "PT1H", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && s.running() == null);
      long migrations = t.fakes.count(HOST + "MigrateDatabase");

      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "5ca1ab1", SUNDAY_NIGHTS));
      loop.sync();
      ReconcileStatus waiting = t.awaitLoop(loop, s -> ReconcileStatus.WAITING_FOR_WINDOW.equals(s.state()));

      assertThat(waiting.pendingChange()).isEqualTo("window");
      assertThat(waiting.pendingReason()).isEqualTo("waiting for the window Sun 01:00 Europe/Berlin "
          + "(2026-12-06T00:00:00Z): release 1.0.0 → 1.1.0; `stackctl update acme --now` applies it now");
      t.env.sleep(Duration.between(Instant.ofEpochMilli(t.env.currentTimeMillis()), Instant.parse("2026-12-05T23:50:00Z")));
      ReconcileStatus saturdayNight = loop.status();
      assertThat(saturdayNight.appliedCommit()).as("not before the window").isEqualTo("c0ffee1");
      assertThat(saturdayNight.state()).isEqualTo(ReconcileStatus.WAITING_FOR_WINDOW);
      assertThat(t.fakes.count(HOST + "MigrateDatabase")).isEqualTo(migrations);
      assertThat(t.fakes.backupTimes).as("Saturday's nightly backup was not held")
          .anyMatch(at -> at.isAfter(Instant.parse("2026-12-05T00:59:00Z")));

      ReconcileStatus updated = t.awaitLoop(loop, s -> "5ca1ab1".equals(s.appliedCommit()));
      assertThat(Instant.ofEpochMilli(t.env.currentTimeMillis())).as("when the window opened, not at the next poll")
          .isBefore(Instant.parse("2026-12-06T00:30:00Z"));
      assertThat(updated.lastOperation()).isEqualTo("UpdateStack");
      assertThat(updated.state()).isEqualTo(ReconcileStatus.WATCHING);
      t.saveHistory(ID, "ReconcileStack-window");
    }
  }

  /** An Urgent: true trailer and an operator's `stackctl update --now` apply outside the window, and the status says so. */
  @Test
  void anUrgentCommitAndAnOperatorsApplyNowGoAheadOutsideTheWindowOnRecord() {
    try (StackTestEnvironment t = new StackTestEnvironment(Instant.parse("2026-12-04T10:00:00Z"), "acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", SUNDAY_NIGHTS));
      ReconcileStackWorkflow loop = start(t, "PT1H", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && s.running() == null);

      DesiredState fix = Samples.acme("1.1.0", "acme-prod-1", "0f1x001", SUNDAY_NIGHTS);
      t.fakes.desiredState("main", new DesiredState(fix.repo(), fix.commit(), fix.stack(), fix.release(), true));
      loop.sync();
      ReconcileStatus urgent = t.awaitLoop(loop, s -> "0f1x001".equals(s.appliedCommit()) && s.running() == null);
      assertThat(urgent.lastOutcome()).as("kept until the next operation").isEqualTo("completed (outside the "
          + "maintenance windows: the commit is marked Urgent: true)");

      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "debug01", SUNDAY_NIGHTS, "LOG_LEVEL: info",
          "LOG_LEVEL: debug"));
      loop.sync();
      t.awaitLoop(loop, s -> ReconcileStatus.WAITING_FOR_WINDOW.equals(s.state()));
      loop.applyNow("alice@vendor.example");
      ReconcileStatus now = t.awaitLoop(loop, s -> "debug01".equals(s.appliedCommit()) && s.running() == null);
      assertThat(now.lastOutcome()).isEqualTo("completed (outside the maintenance windows: asked for now by "
          + "alice@vendor.example)");
      assertThat(Instant.ofEpochMilli(t.env.currentTimeMillis())).isBefore(Instant.parse("2026-12-05T00:00:00Z"));
    }
  }

  @Test
  void failedUpdateIsNotRetriedOnLaterPollsUntilANewCommit() {
    // 00:44 in Berlin: the nightly backup falls while the loop waits for the operator, and backs up the applied commit
    try (StackTestEnvironment t = new StackTestEnvironment(Instant.parse("2026-12-01T23:44:30Z"), "acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      t.fakes.fail(HOST + "MigrateDatabase", 1, ApplicationFailure.newNonRetryableFailure(
          "V2__account_plans.sql: Unknown column 'plan'", "MigrationFailed"));
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "bad0001"));
      loop.sync();
      SteerableStack update = t.client().newWorkflowStub(SteerableStack.class, "stack-acme");
      awaitAttention(t, update);
      update.abort("the migration is broken; fixed in the next commit");
      ReconcileStatus failed = t.awaitLoop(loop, s -> ReconcileStatus.WAITING_FOR_OPERATOR.equals(s.state()));
      long attempts = t.fakes.count(HOST + "MigrateDatabase");
      t.env.sleep(Duration.ofHours(2));

      assertThat(t.fakes.count(HOST + "MigrateDatabase")).as("no retry storm: 120 polls later").isEqualTo(attempts);
      ReconcileStatus night = loop.status();
      assertThat(night.appliedCommit()).isEqualTo("c0ffee1");
      assertThat(night.state()).isEqualTo(ReconcileStatus.WAITING_FOR_OPERATOR);
      assertThat(night.operationsFailed()).as("the update failed; the nightly backup did not").isEqualTo(1);
      assertThat(Instant.parse(night.lastBackupAt())).as("the nightly backup of the applied commit still ran")
          .isAfterOrEqualTo(Instant.parse("2026-12-02T01:00:00Z"));
      assertThat(failed.pendingReason()).startsWith("UpdateStack of commit bad0001 failed: aborted by the operator at step "
          + "\"migrate database\": the migration is broken; fixed in the next commit; waiting")
          .endsWith("waiting for a new commit or an operator's retry (stackctl reconcile retry acme)");

      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "f1xed01"));
      loop.sync();
      ReconcileStatus fixed = t.awaitLoop(loop, s -> "f1xed01".equals(s.appliedCommit()));

      assertThat(fixed.state()).isNotEqualTo(ReconcileStatus.WAITING_FOR_OPERATOR);
      assertThat(t.fakes.count(HOST + "MigrateDatabase")).isEqualTo(attempts + 1);
    }
  }

  @Test
  void operatorRetryTriesTheFailedCommitAgain() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));
      t.fakes.fail(HOST + "MigrateDatabase", 1, ApplicationFailure.newNonRetryableFailure("database locked", "MigrationFailed"));
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
      loop.sync();
      SteerableStack update = t.client().newWorkflowStub(SteerableStack.class, "stack-acme");
      awaitAttention(t, update);
      update.abort("try later");
      t.awaitLoop(loop, s -> ReconcileStatus.WAITING_FOR_OPERATOR.equals(s.state()));

      loop.retry();
      ReconcileStatus retried = t.awaitLoop(loop, s -> "c0ffee2".equals(s.appliedCommit()));

      assertThat(retried.lastOperation()).isEqualTo("UpdateStack");
      assertThat(retried.lastOutcome()).isEqualTo("completed");
    }
  }

  @Test
  void threeNightsGiveThreeBackupsAtTwoLocalTimeAcrossTheEndOfSummerTime() {
    // Europe/Berlin leaves summer time on Sunday 2026-10-25 at 03:00 CEST.
    try (StackTestEnvironment t = new StackTestEnvironment(Instant.parse("2026-10-23T12:00:00Z"), "acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = backupAt(Instant.parse("2026-10-23T00:00:00Z"));
      ReconcileStackWorkflow loop = start(t, "PT6H", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      t.env.sleep(Duration.ofDays(3));

      ZoneId berlin = ZoneId.of("Europe/Berlin");
      assertThat(t.fakes.backupTimes).extracting(ReconcileStackTest::toSecond).containsExactly(
          Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-26T01:00:00Z"));
      assertThat(t.fakes.backupTimes).extracting(at -> toSecond(at).atZone(berlin).toLocalTime()).containsOnly(LocalTime.of(2, 0));
      ReconcileStatus status = loop.status();
      assertThat(toSecond(Instant.parse(status.lastBackupAt()))).isEqualTo(Instant.parse("2026-10-26T01:00:00Z"));
      assertThat(status.nextBackupAt()).isEqualTo("2026-10-27T01:00:00Z");
      assertThat(status.state()).isEqualTo(ReconcileStatus.WATCHING);
    }
  }

  @Test
  void twoTimesOnWeekdaysBackUpTwiceEachWorkingDayAndAWeekendWithoutBackupsIsNotOverdue() {
    // Friday 2026-11-27, 13:00 in Berlin (CET, UTC+1); backups at 02:00 and 14:00, Monday to Friday.
    try (StackTestEnvironment t = new StackTestEnvironment(Instant.parse("2026-11-27T12:00:00Z"), "acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  days: [mon, tue, wed, thu, fri]\n",
          "at: \"02:00\"", "at: [\"14:00\", \"02:00\"]"));
      t.fakes.newestBackup = backupAt(Instant.parse("2026-11-27T01:00:00Z"));
      ReconcileStackWorkflow loop = start(t, "PT6H", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      t.env.sleep(Duration.between(Instant.parse("2026-11-27T12:00:00Z"), Instant.parse("2026-11-30T00:30:00Z")));
      ReconcileStatus sundayNight = loop.status();
      t.env.sleep(Duration.ofDays(1));

      assertThat(sundayNight.state()).as("60 hours without a backup, as the schedule says")
          .isEqualTo(ReconcileStatus.WATCHING);
      assertThat(sundayNight.nextBackupAt()).isEqualTo("2026-11-30T01:00:00Z");
      assertThat(t.fakes.backupTimes).extracting(ReconcileStackTest::toSecond).containsExactly(
          Instant.parse("2026-11-27T13:00:00Z"), Instant.parse("2026-11-30T01:00:00Z"),
          Instant.parse("2026-11-30T13:00:00Z"));
      assertThat(loop.status().nextBackupAt()).isEqualTo("2026-12-01T01:00:00Z");
    }
  }

  @Test
  void threeNightsGiveThreeBackupsAtTwoLocalTimeAcrossTheStartOfSummerTime() {
    // On Sunday 2027-03-28 Europe/Berlin skips from 02:00 to 03:00: that night's backup runs at 03:00 CEST.
    try (StackTestEnvironment t = new StackTestEnvironment(Instant.parse("2027-03-26T12:00:00Z"), "acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = backupAt(Instant.parse("2027-03-26T01:00:00Z"));
      ReconcileStackWorkflow loop = start(t, "PT6H", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      t.env.sleep(Duration.ofDays(3));

      assertThat(t.fakes.backupTimes).extracting(ReconcileStackTest::toSecond).containsExactly(
          Instant.parse("2027-03-27T01:00:00Z"), Instant.parse("2027-03-28T01:00:00Z"), Instant.parse("2027-03-29T00:00:00Z"));
    }
  }

  @Test
  void nightlyBackupWaitsWhileAnotherOperationHoldsTheStackAndRunsAfterIt() {
    try (StackTestEnvironment t = new StackTestEnvironment(Instant.parse("2026-11-24T20:00:00Z"), "acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = backupAt(Instant.parse("2026-11-24T01:00:00Z"));
      ReconcileStackWorkflow loop = start(t, "PT10M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));
      t.fakes.fail(HOST + "UploadBackupParts", 1, ApplicationFailure.newNonRetryableFailure("share full", "StoreFull"));
      WorkflowStub manual = t.client().newUntypedWorkflowStub("BackupStack", WorkflowOptions.newBuilder()
          .setWorkflowId("stack-acme").setTaskQueue(StackNames.TASK_QUEUE).build());
      manual.start(new io.stackpilot.workflows.api.BackupRequest(Samples.REPO, "main", "manual"));

      t.env.sleep(Duration.ofHours(5));
      ReconcileStatus skipped = t.awaitLoop(loop, s -> s.backupNote() != null && s.backupNote().startsWith("nightly backup skipped"));
      assertThat(skipped.backupNote()).contains("stack-acme is busy with an operation started elsewhere")
          .endsWith("tried again at the next poll");
      assertThat(t.fakes.backupTimes).isEmpty();

      t.client().newUntypedWorkflowStub("stack-acme").terminate("the manual backup is given up");
      ReconcileStatus done = t.awaitLoop(loop, s -> s.running() == null && s.backupNote() == null && !t.fakes.backupTimes.isEmpty());

      assertThat(done.lastOperation()).isEqualTo("BackupStack");
      assertThat(t.fakes.backupTimes).hasSize(1).allMatch(at -> at.isAfter(Instant.parse("2026-11-25T01:00:00Z")));
    }
  }

  @Test
  void noBackupNewerThan26HoursIsBackupOverdueNamingTheLastGoodOne() {
    try (StackTestEnvironment t = new StackTestEnvironment(Instant.parse("2026-11-25T12:00:00Z"), "acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = backupAt(Instant.parse("2026-11-23T01:00:00Z"));
      ReconcileStackWorkflow loop = start(t, "PT1M", null);

      ReconcileStatus overdue = t.awaitLoop(loop, s -> ReconcileStatus.BACKUP_OVERDUE.equals(s.state()));

      assertThat(overdue.lastBackup()).isEqualTo(YESTERDAY.id());
      assertThat(overdue.lastBackupAt()).isEqualTo("2026-11-23T01:00:00Z");
      WorkflowStub untyped = WorkflowStub.fromTyped(loop);
      assertThat(untyped.describe().getTypedSearchAttributes().get(StackSearchAttributes.STATE))
          .isEqualTo(ReconcileStatus.BACKUP_OVERDUE);

      t.env.sleep(Duration.ofHours(14));
      ReconcileStatus fresh = t.awaitLoop(loop, s -> ReconcileStatus.WATCHING.equals(s.state()));
      assertThat(toSecond(Instant.parse(fresh.lastBackupAt()))).isEqualTo(Instant.parse("2026-11-26T01:00:00Z"));
      ReconcileStatus sized = t.awaitLoop(loop, s -> s.lastBackupBytes() != null && s.lastBackupBytes() == 4096);
      assertThat(sized.lastBackupSeconds()).as("the loop saw this backup written: its steps' time").isNotNull()
          .isNotNegative();
      assertThat(overdue.lastBackupBytes()).as("a backup the loop did not write: its size, not its duration")
          .isEqualTo(1 << 20);
      assertThat(overdue.lastBackupSeconds()).isNull();
    }
  }

  @Test
  void pausedLoopAppliesNothingUntilResumed() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));

      loop.pause("maintenance window");
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
      loop.sync();
      t.env.sleep(Duration.ofMinutes(10));
      ReconcileStatus paused = loop.status();

      assertThat(paused.state()).isEqualTo(ReconcileStatus.PAUSED);
      assertThat(paused.pausedReason()).isEqualTo("maintenance window");
      assertThat(paused.appliedCommit()).isEqualTo("c0ffee1");

      loop.resume();
      assertThat(t.awaitLoop(loop, s -> "c0ffee2".equals(s.appliedCommit())).lastOperation()).isEqualTo("UpdateStack");
    }
  }

  @Test
  void continueAsNewCarriesTheState() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      ReconcileStackWorkflow loop = start(t, "PT1M", 3);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()));
      String firstRun = WorkflowStub.fromTyped(loop).getExecution().getRunId();

      t.env.sleep(Duration.ofMinutes(10));
      ReconcileStackWorkflow latest = t.client().newWorkflowStub(ReconcileStackWorkflow.class, ID);
      ReconcileStatus carried = latest.status();

      assertThat(t.client().newUntypedWorkflowStub(ID).describe().getExecution().getRunId()).isNotEqualTo(firstRun);
      assertThat(carried.appliedCommit()).isEqualTo("c0ffee1");
      assertThat(carried.lastOperation()).isEqualTo("InstallStack");
      assertThat(carried.nextBackupAt()).isNotNull();
      assertThat(t.fakes.count(HOST + "RestoreIfEmpty")).as("the new run does not install again").isEqualTo(1);
    }
  }

  @Test
  void driftIsReportedWithItsReasonAndGoesAwayWhenTheHostMatchesAgain() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = backupAt(StackTestEnvironment.MORNING);
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && ReconcileStatus.WATCHING.equals(s.state()));

      t.fakes.hostPlan("acme-prod-1", new HostPlan(List.of(new ServiceChange("db", Action.UNCHANGED, "up to date"),
          new ServiceChange("web", Action.START, "stopped"), new ServiceChange("task-runner", Action.UNCHANGED,
          "up to date")), false, List.of("db", "task-runner", "web")));
      ReconcileStatus drifted = t.awaitLoop(loop, s -> ReconcileStatus.DRIFTED.equals(s.state()));
      t.env.sleep(Duration.ofMinutes(30));

      assertThat(drifted.drift()).isEqualTo("changed outside Stackpilot: db: unchanged — up to date; web: start — stopped; "
          + "task-runner: unchanged — up to date");
      assertThat(drifted.driftRepairedAt()).as("without selfHeal it is only reported").isNull();
      assertThat(loop.status().lastOperation()).isEqualTo("InstallStack");
      assertThat(t.fakes.count(HOST + "StartServices")).isEqualTo(1);

      t.fakes.hostPlan("acme-prod-1", null);
      ReconcileStatus matching = t.awaitLoop(loop, s -> s.drift() == null);
      assertThat(matching.state()).isEqualTo(ReconcileStatus.WATCHING);
    }
  }

  /** Past 2,000 events a loop continues as new with what it knows, so a worker that did not cache it replays little. */
  @Test
  void aLongHistoryContinuesAsNewKeepingTheLoopsState() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = backupAt(StackTestEnvironment.MORNING);
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && ReconcileStatus.WATCHING.equals(s.state()));
      String firstRun = t.client().newUntypedWorkflowStub(ID).describe().getExecution().getRunId();

      t.env.sleep(Duration.ofHours(5));

      assertThat(t.client().fetchHistory(ID, firstRun).getLastEvent().getEventType())
          .isEqualTo(io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      assertThat(t.client().fetchHistory(ID, firstRun).getEvents()).as("ended near the bound, far before 500 polls")
          .hasSizeBetween(2000, 2100);
      assertThat(t.fakes.count(HOST + "StartServices")).as("the continued loop installs nothing again").isEqualTo(1L);
      assertThat(loop.status().appliedCommit()).isEqualTo("c0ffee1");
      t.saveHistory(ID, firstRun, "ReconcileStack-history-bound");
    }
  }

  /** A loop polling every minute asks its host about drift every 15 minutes (the default), and at once when synced. */
  @Test
  void theHostIsAskedAboutDriftOnItsOwnScheduleNotAtEveryPoll() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = backupAt(StackTestEnvironment.MORNING);
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && ReconcileStatus.WATCHING.equals(s.state()));
      long before = t.fakes.count(HOST + "PlanServices");
      long polls = t.fakes.count("FetchDesiredState");

      t.env.sleep(Duration.ofMinutes(60));
      long asked = t.fakes.count(HOST + "PlanServices") - before;
      long polled = t.fakes.count("FetchDesiredState") - polls;
      loop.sync();
      for (int look = 0; look < 60 && t.fakes.count(HOST + "PlanServices") - before - asked < 1; look++) {
        t.env.sleep(Duration.ofSeconds(1));
      }

      assertThat(polled).as("a poll a minute").isBetween(55L, 67L);
      assertThat(asked).as("every 15 minutes, not at each of " + polled + " polls").isBetween(3L, 5L);
      assertThat(t.fakes.count(HOST + "PlanServices") - before - asked).as("a sync asks at once").isEqualTo(1L);
      t.saveHistory(ID, "ReconcileStack-drift-schedule");
    }
  }

  @Test
  void selfHealRepairsADriftOnceThroughUpdateStackAndReportsADriftThatOutlivesItsRepair() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = backupAt(StackTestEnvironment.MORNING);
      ReconcileStackWorkflow loop = t.client().newWorkflowStub(ReconcileStackWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(StackNames.TASK_QUEUE).build());
      WorkflowClient.start(loop::reconcile, new ReconcileRequest(Samples.REPO, "main", "PT1M", null, null, null, true));
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && ReconcileStatus.WATCHING.equals(s.state()));

      t.fakes.hostPlan("acme-prod-1", new HostPlan(List.of(new ServiceChange("web", Action.CREATE, "not created yet")), false, List.of("db")));
      ReconcileStatus repaired = t.awaitLoop(loop, s -> "UpdateStack".equals(s.lastOperation()) && s.running() == null);
      t.env.sleep(Duration.ofMinutes(30));
      ReconcileStatus later = loop.status();

      assertThat(repaired.lastOutcome()).isEqualTo("completed");
      assertThat(t.fakes.count(HOST + "StartServices")).as("install, then one repair in 30 polls").isEqualTo(2);
      assertThat(later.state()).isEqualTo(ReconcileStatus.DRIFTED);
      assertThat(later.drift()).isEqualTo("changed outside Stackpilot: web: create — not created yet");
      assertThat(later.driftRepairedAt()).isNotNull();
      t.saveHistory(ID, "ReconcileStack-drift");
    }
  }

  @Test
  void drillsRunOnTheScheduleOfStackYamlAndAFailedOneAsksForAttentionUntilOnePasses() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "drill: { every: P1D }\n"));
      t.fakes.newestBackup = backupAt(StackTestEnvironment.MORNING.minus(Duration.ofHours(2)));
      ReconcileStackWorkflow loop = start(t, "PT1H", null);
      ReconcileStatus first = t.awaitLoop(loop, s -> s.lastDrill() != null && s.running() == null);

      assertThat(first.lastDrill()).startsWith("passed at ").contains("backup " + YESTERDAY.id() + ", RTO ");
      assertThat(first.state()).isEqualTo(ReconcileStatus.WATCHING);
      assertThat(first.lastDrillPassed()).isTrue();
      assertThat(first.lastDrillRtoSeconds()).isNotNull();
      assertThat(first.lastDrillRpoSeconds()).as("the backup was two hours old").isGreaterThanOrEqualTo(7200);
      assertThat(first.lastDrill()).startsWith("passed at " + Instant.parse(first.lastDrillAt()) + ":");
      assertThat(first.operationsFailed()).isZero();
      assertThat(Duration.between(StackTestEnvironment.MORNING, Instant.parse(first.nextDrillAt())))
          .as("a day after the first drill, which follows the first backup seen").isBetween(Duration.ofHours(24), Duration.ofHours(26));
      assertThat(t.fakes.count(HOST + "RemoveDrill acme-drill")).as("cleared before, removed after").isEqualTo(2);

      t.fakes.comparison = new io.stackpilot.workflows.activities.DataComparison(true, 3,
          List.of("accounts: 3 rows in the backup, 2 restored"));
      t.env.sleep(Duration.ofHours(24));
      ReconcileStatus failed = t.awaitLoop(loop, s -> ReconcileStatus.DRILL_FAILED.equals(s.state()));
      assertThat(failed.lastDrill()).startsWith("failed at ").contains("accounts: 3 rows in the backup, 2 restored");
      assertThat(drills(t)).isEqualTo(2);
      assertThat(failed.lastDrillPassed()).isFalse();
      assertThat(failed.lastDrillRtoSeconds()).isNull();
      assertThat(failed.operationsFailed()).as("the failed drill is counted").isEqualTo(1);

      t.fakes.comparison = new io.stackpilot.workflows.activities.DataComparison(true, 3, List.of());
      t.env.sleep(Duration.ofHours(24));
      ReconcileStatus passed = t.awaitLoop(loop, s -> s.lastDrill().startsWith("passed") && s.running() == null);
      assertThat(passed.state()).isEqualTo(ReconcileStatus.WATCHING);
      assertThat(drills(t)).as("one drill a day").isEqualTo(3);
      assertThat(passed.operationsFailed()).as("a count, not the last verdict").isEqualTo(1);
      assertThat(passed.lastDrillPassed()).isTrue();
      t.saveHistory(ID, "ReconcileStack-drills");
    }
  }

  private static long drills(StackTestEnvironment t) {
    return List.copyOf(t.fakes.calls).stream().filter(c -> c.startsWith(HOST + "CompareWithBackup acme-drill ")).count();
  }

  private static void awaitAttention(StackTestEnvironment t, SteerableStack operation) {
    for (int i = 0; i < 200; i++) {
      try {
        if (StackStatus.NEEDS_ATTENTION.equals(operation.status().state())) {
          return;
        }
      } catch (RuntimeException notStartedYet) {
        // the loop has not started the operation yet
      }
      t.env.sleep(Duration.ofSeconds(5));
    }
    throw new AssertionError("the operation never asked for attention");
  }

  /** stack.yaml asks for backup.binlog: once the loop has applied it, the archive of the binary log runs on its own. */
  @Test
  void aStackThatArchivesItsBinlogGetsItsArchiveStartedAndFollowed() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  binlog: { every: PT1M }\n"));
      ReconcileStackWorkflow loop = start(t, "PT1M", null);
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && t.fakes.count(HOST + "ShipBinlog") > 0);

      io.stackpilot.workflows.archive.ArchiveBinlogWorkflow archive = t.client().newWorkflowStub(
          io.stackpilot.workflows.archive.ArchiveBinlogWorkflow.class, StackNames.archiveId("acme"));
      assertThat(archive.status().commit()).isEqualTo("c0ffee1");

      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2", "  binlog: { every: PT1M }\n"));
      loop.sync();
      t.awaitLoop(loop, s -> "c0ffee2".equals(s.appliedCommit()));
      for (int i = 0; i < 40 && !"c0ffee2".equals(archive.status().commit()); i++) {
        t.env.sleep(Duration.ofSeconds(30));
      }
      assertThat(archive.status().commit()).as("the running archive was told of the new commit").isEqualTo("c0ffee2");

      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee3"));
      loop.sync();
      t.awaitLoop(loop, s -> "c0ffee3".equals(s.appliedCommit()));
      WorkflowStub.fromTyped(archive).getResult(Void.class);
      assertThat(archive.status().state()).as("stack.yaml no longer asks for it").isEqualTo("stopped");
      t.saveHistory(ID, "ReconcileStack-binlog");
    }
  }
}
