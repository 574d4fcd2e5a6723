package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StepRecord;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.migrate.MigrateStackWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dump an install restores is read ahead onto its host while the images are pulled and the database starts: asked
 * for before the database is started, in one attempt, on the host that restores it, and never waited for.
 */
class InstallReadAheadTest {

  private static final BackupRef NIGHTLY = new BackupRef("file:///var/backups/stackpilot/acme", "acme",
      "20261130T020000Z-0a1b2c3d", "1.0.0", "1", "2026-11-30T02:00:00Z", 1 << 20);

  @Test
  void theDumpIsReadAheadBeforeTheDatabaseStartsInOneAttempt() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = NIGHTLY;

      OperationResult result = t.newWorkflow(InstallStackWorkflow.class, "stack-acme")
          .install(new InstallRequest(Samples.REPO, "main"));

      assertThat(t.fakes.readAhead).containsExactly("host-acme-prod-1:StageBackup " + NIGHTLY.id());
      List<String> scheduled = scheduled(t, "stack-acme");
      assertThat(scheduled).containsSubsequence("StageBackup", "PrepareHost", "PullImages", "StartDatabase",
          "RestoreIfEmpty");
      HistoryEvent stage = t.client().fetchHistory("stack-acme").getHistory().getEventsList().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
              && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("StageBackup"))
          .findFirst().orElseThrow();
      assertThat(stage.getActivityTaskScheduledEventAttributes().getRetryPolicy().getMaximumAttempts()).isEqualTo(1);
      assertThat(stage.getActivityTaskScheduledEventAttributes().getTaskQueue().getName()).isEqualTo("host-acme-prod-1");
      assertThat(result.steps()).extracting(StepRecord::name).doesNotContain("read ahead")
          .contains("start database", "restore if empty");
      assertThat(result.backupUsed()).isEqualTo(NIGHTLY.id());
    }
  }

  /** A run that waited for its read ahead would never end here: the read ahead is held until the run has ended. */
  @Test
  @Timeout(120)
  void anInstallNeitherWaitsForNorFailsWithItsReadAhead() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = NIGHTLY;
      CountDownLatch held = new CountDownLatch(1);
      t.fakes.readAheadHeld = held;
      t.fakes.readAheadFailure = ApplicationFailure.newFailure("the store did not answer", "StoreUnavailable");
      try {
        OperationResult result = t.newWorkflow(InstallStackWorkflow.class, "stack-acme")
            .install(new InstallRequest(Samples.REPO, "main"));

        assertThat(result.steps()).extracting(StepRecord::outcome).containsOnly(StepRecord.DONE);
        assertThat(t.fakes.calls).contains("host-acme-prod-1:RestoreIfEmpty", "host-acme-prod-1:VerifyHealth");
        assertThat(t.fakes.readAhead).as("still reading when the install completed").hasSize(1);
      } finally {
        held.countDown();
      }
    }
  }

  @Test
  void aMigrationReadsAheadOnTheNewHost() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1", "acme-prod-2")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-2", "d00d003"));

      OperationResult result = t.newWorkflow(MigrateStackWorkflow.class, "stack-acme").migrate(new MigrateRequest(
          Samples.REPO, "main", "acme-prod-1", null, null, null, NIGHTLY.id(), null));

      assertThat(t.fakes.readAhead).containsExactly("host-acme-prod-2:StageBackup " + NIGHTLY.id());
      assertThat(result.backupUsed()).isEqualTo(NIGHTLY.id());
    }
  }

  private static List<String> scheduled(StackTestEnvironment t, String workflowId) {
    return t.client().fetchHistory(workflowId).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()).toList();
  }
}
