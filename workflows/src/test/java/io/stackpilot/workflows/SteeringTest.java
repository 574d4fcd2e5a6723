package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.failures.FailureType;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.api.StepRecord;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.steps.StackActivities;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.stackpilot.workflows.update.UpdateStackWorkflow;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A failing step waits for the operator, who retries, skips (where allowed) or aborts it. */
class SteeringTest {

  private static final String PULL = "host-acme-prod-1:PullImages";
  private static final ApplicationFailure MANIFEST_UNKNOWN = ApplicationFailure.newFailure(
      "pull 127.0.0.1:5000/demo/web:1.0.0: manifest unknown", "PullFailed");

  private static CompletableFuture<OperationResult> install(StackTestEnvironment t, InstallStackWorkflow run,
      InstallRequest request) {
    WorkflowClient.start(run::install, request);
    return Steering.resultOf(run);
  }

  private static StackTestEnvironment acme() {
    StackTestEnvironment t = new StackTestEnvironment("acme-prod-1");
    t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
    return t;
  }

  @Test
  void failedStepNeedsAttentionAndRetryCompletesTheRun() {
    try (StackTestEnvironment t = acme()) {
      t.fakes.fail(PULL, StackActivities.HOST_ATTEMPTS, MANIFEST_UNKNOWN);
      InstallStackWorkflow run = t.newWorkflow(InstallStackWorkflow.class, "stack-acme");
      var pending = install(t, run, new InstallRequest(Samples.REPO, "main"));

      StackStatus status = Steering.awaitAttention(t.env, run, pending);

      assertThat(status).extracting(StackStatus::operation, StackStatus::customer, StackStatus::step,
          StackStatus::stepNumber, StackStatus::totalSteps, StackStatus::lastError, StackStatus::skippable,
          StackStatus::commit, StackStatus::release, StackStatus::host)
          .containsExactly("InstallStack", "acme", "pull images", 4, 9,
              "pull 127.0.0.1:5000/demo/web:1.0.0: manifest unknown", false, "c0ffee1", "1.0.0", "acme-prod-1");
      assertThat(status.nextActions()).hasSize(2)
          .anySatisfy(a -> assertThat(a).startsWith("stackctl retry acme").contains("--name retry"))
          .anySatisfy(a -> assertThat(a).startsWith("stackctl abort acme").contains("--name abort"));
      WorkflowStub stub = WorkflowStub.fromTyped(run);
      assertThat(stub.describe().getTypedSearchAttributes().get(StackSearchAttributes.STATE)).isEqualTo("NeedsAttention");
      assertThat(stub.describe().getTypedSearchAttributes().get(StackSearchAttributes.STEP)).isEqualTo("pull images");
      assertThat(stub.query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails())
          .contains("Step 4/9 \"pull images\" needs attention", "manifest unknown", "stackctl retry acme");
      assertThat(t.fakes.count(PULL)).as("attempts before asking").isEqualTo(StackActivities.HOST_ATTEMPTS);

      assertThat(run.decide(Decision.retry())).isEqualTo("retry step 4/9 \"pull images\"");
      OperationResult result = pending.join();

      assertThat(t.fakes.count(PULL)).isEqualTo(StackActivities.HOST_ATTEMPTS + 1);
      assertThat(result.steps()).filteredOn(s -> s.name().equals("pull images"))
          .extracting(StepRecord::outcome, StepRecord::attempts).containsExactly(org.assertj.core.groups.Tuple.tuple("done", 2));
      assertThat(stub.describe().getTypedSearchAttributes().get(StackSearchAttributes.STATE)).isEqualTo("Completed");
      assertThat(t.fakes.notifications).extracting(io.stackpilot.workflows.api.Notification::event,
          io.stackpilot.workflows.api.Notification::text).containsExactly(
          org.assertj.core.groups.Tuple.tuple("attention", "InstallStack of acme: step 4/9 \"pull images\" needs attention: "
              + "pull 127.0.0.1:5000/demo/web:1.0.0: manifest unknown — stackctl retry acme"),
          org.assertj.core.groups.Tuple.tuple("completed", "InstallStack of acme completed: release 1.0.0 on acme-prod-1 in 9 steps"));
      assertThat(t.fakes.notifications.get(0).id()).startsWith("stack-acme/").endsWith("/attention/4.1");
      t.saveHistory("stack-acme", "InstallStack-retried-notify");
    }
  }

  @Test
  void skippableStepIsSkippedOnRequest() {
    try (StackTestEnvironment t = acme()) {
      t.fakes.fail("host-acme-prod-1:VerifyHealth", StackActivities.HOST_ATTEMPTS,
          ApplicationFailure.newFailure("web: unhealthy", "Unhealthy"));
      InstallStackWorkflow run = t.newWorkflow(InstallStackWorkflow.class, "stack-acme");
      var pending = install(t, run, new InstallRequest(Samples.REPO, "main"));

      assertThat(Steering.awaitAttention(t.env, run, pending).skippable()).isTrue();
      run.decide(Decision.skip());
      OperationResult result = pending.join();

      assertThat(result.steps().get(result.steps().size() - 1))
          .extracting(StepRecord::name, StepRecord::outcome, StepRecord::note)
          .containsExactly("verify health", "skipped", "skipped by the operator after: web: unhealthy");
      t.saveHistory("stack-acme", "InstallStack-skipped");
    }
  }

  @Test
  void skipIsRefusedOnAStepThatCannotBeSkipped() {
    try (StackTestEnvironment t = acme()) {
      t.fakes.fail(PULL, StackActivities.HOST_ATTEMPTS, MANIFEST_UNKNOWN);
      InstallStackWorkflow run = t.newWorkflow(InstallStackWorkflow.class, "stack-acme");
      var pending = install(t, run, new InstallRequest(Samples.REPO, "main"));
      Steering.awaitAttention(t.env, run, pending);

      assertThatThrownBy(() -> run.decide(Decision.skip()))
          .isInstanceOf(WorkflowUpdateException.class)
          .rootCause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getOriginalMessage())
              .isEqualTo("step \"pull images\" cannot be skipped; retry or abort"));
      assertThatThrownBy(() -> run.decide(Decision.retryWith("20261124T020000Z-1a2b3c4d")))
          .isInstanceOf(WorkflowUpdateException.class)
          .rootCause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getOriginalMessage())
              .isEqualTo("step \"pull images\" restores no backup; retry it without one, or abort"));
      run.skip();
      assertThat(run.status().state()).as("a skip signal that does not fit is ignored").isEqualTo("NeedsAttention");

      run.retry();
      assertThat(pending.join().steps()).extracting(StepRecord::outcome).containsOnly("done");
    }
  }

  /**
   * The newest backup was altered in its write-once store: the restore refuses it, and instead of ending, the install
   * waits, naming it and offering the previous complete backup; a backup that is not there waits again; the operator's
   * retry with the offered one installs from it, and the step records the choice.
   */
  @Test
  void unusableBackupWaitsAndARetryWithThePreviousOneInstallsFromIt() {
    try (StackTestEnvironment t = acme()) {
      String altered = "20261125T020000Z-bad00000";
      String previous = "20261124T020000Z-1a2b3c4d";
      t.fakes.newestBackup = new BackupRef("file:///var/backups/stackpilot/acme", "acme", altered, "1.0.0", "1",
          "2026-11-25T02:00:00Z", 1 << 20);
      t.fakes.fail("host-acme-prod-1:RestoreIfEmpty", 1, FailureType.TAMPERED_BACKUP.refusingBackup("backup " + altered
          + ": part db.sql.zst does not match its manifest; nothing was restored. The previous complete backup is "
          + previous + " (release 1.0.0, 2026-11-24T02:00:00Z)", previous));
      t.fakes.fail("FindBackup 20261123T020000Z-gone0000", 1, FailureType.INVALID_CONFIGURATION.failure(
          "no complete backup 20261123T020000Z-gone0000 of acme in file:///var/backups/stackpilot/acme"));
      InstallStackWorkflow run = t.newWorkflow(InstallStackWorkflow.class, "stack-acme");
      var pending = install(t, run, new InstallRequest(Samples.REPO, "main"));

      StackStatus status = Steering.awaitAttention(t.env, run, pending);
      assertThat(status.step()).isEqualTo("restore if empty");
      assertThat(status.lastError()).startsWith("backup " + altered + ": part db.sql.zst does not match its manifest")
          .endsWith("The previous complete backup is " + previous + " (release 1.0.0, 2026-11-24T02:00:00Z)");
      assertThat(status.nextActions().get(0)).startsWith("stackctl retry acme --backup " + previous + " ")
          .endsWith("--name decide --input '{\"action\":\"retry\",\"backup\":\"" + previous + "\"}'");
      assertThat(t.fakes.notifications.get(0).text()).endsWith("— stackctl retry acme --backup " + previous);
      assertThatThrownBy(() -> run.decide(new Decision(Decision.ABORT, "no", previous)))
          .rootCause().hasMessageContaining("backup goes with retry only, not with abort");
      assertThatThrownBy(() -> run.decide(Decision.retryWith("../../etc/passwd")))
          .rootCause().hasMessageContaining("backup '../../etc/passwd' is not a backup id: letters, digits, '.', '_' and "
              + "'-', at most 128, e.g. " + previous);

      assertThat(run.decide(Decision.retryWith("20261123T020000Z-gone0000")))
          .isEqualTo("retry step 6/9 \"restore if empty\" with backup 20261123T020000Z-gone0000");
      status = Steering.awaitAttention(t.env, run, pending);
      assertThat(status.lastError()).as("a backup that is not there waits again")
          .startsWith("no complete backup 20261123T020000Z-gone0000");
      assertThat(status.nextActions().get(0)).startsWith("stackctl retry acme --backup <backup-id> ");

      run.decide(Decision.retryWith(previous));
      OperationResult result = pending.join();

      assertThat(result.backupUsed()).isEqualTo(previous);
      assertThat(result.steps()).filteredOn(s -> s.name().equals("restore if empty"))
          .extracting(StepRecord::attempts, StepRecord::note)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(3,
              "restored " + previous + ", chosen by the operator instead of " + altered + "; restored " + previous));
      assertThat(t.fakes.calls).containsSubsequence("FindNewestBackup", "host-acme-prod-1:RestoreIfEmpty",
          "FindBackup 20261123T020000Z-gone0000", "FindBackup " + previous, "host-acme-prod-1:RestoreIfEmpty",
          "host-acme-prod-1:MigrateDatabase");
      t.saveHistory("stack-acme", "InstallStack-chosen-backup");
    }
  }

  @Test
  void abortEndsTheRunAsFailedAndKeepsWhatWasBackedUp() {
    try (StackTestEnvironment t = acme()) {
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "beef002"));
      t.fakes.fail(PULL, StackActivities.HOST_ATTEMPTS, MANIFEST_UNKNOWN);
      UpdateStackWorkflow run = t.newWorkflow(UpdateStackWorkflow.class, "stack-acme");
      WorkflowClient.start(run::update, new StackRequest(Samples.REPO, "main"));
      var pending = Steering.resultOf(run);
      Steering.awaitAttention(t.env, run, pending);

      run.abort("registry down for maintenance");

      assertThatThrownBy(pending::join).isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(WorkflowFailedException.class)
          .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo("Aborted");
            assertThat(f.getOriginalMessage())
                .isEqualTo("aborted by the operator at step \"pull images\": registry down for maintenance");
          });
      assertThat(t.fakes.newestBackup).as("the safety backup stays").isNotNull();
      assertThat(t.fakes.notifications).extracting(io.stackpilot.workflows.api.Notification::event)
          .containsExactly("attention", "failed");
      assertThat(t.fakes.notifications.get(1).text()).isEqualTo("UpdateStack of acme aborted by the operator at step "
          + "4/7 \"pull images\": registry down for maintenance");
      assertThat(t.fakes.calls).startsWith("FetchDesiredState", "host-acme-prod-1:UploadBackupParts",
          "VerifyBackupParts", "WriteBackupManifest safety", "host-acme-prod-1:PrepareHost", PULL)
          .as("each attempt of the pull, nothing after it").endsWith(PULL).hasSize(5 + StackActivities.HOST_ATTEMPTS);
      assertThat(WorkflowStub.fromTyped(run).describe().getTypedSearchAttributes().get(StackSearchAttributes.STATE))
          .isEqualTo("Aborted");
    }
  }

  @Test
  void invalidConfigurationEndsTheRunAtOnceWithTheValidationMessage() {
    try (StackTestEnvironment t = acme()) {
      t.fakes.fail("FetchDesiredState", 1, ApplicationFailure.newNonRetryableFailure(
          "stack.yaml: sizing: 'huge' is not one of small, medium, large", "InvalidConfiguration"));
      InstallStackWorkflow run = t.newWorkflow(InstallStackWorkflow.class, "stack-acme");

      assertThatThrownBy(() -> run.install(new InstallRequest(Samples.REPO, "main")))
          .isInstanceOf(WorkflowFailedException.class)
          .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo("InvalidConfiguration");
            assertThat(f.getOriginalMessage())
                .isEqualTo("resolve desired state: stack.yaml: sizing: 'huge' is not one of small, medium, large");
          });
      assertThat(t.fakes.calls).containsExactly("FetchDesiredState");
    }
  }

  @Test
  void updateToAReleaseOlderThanTheSchemaEndsBeforeAnyServiceIsRecreated() {
    try (StackTestEnvironment t = acme()) {
      t.fakes.fail("host-acme-prod-1:MigrateDatabase", 1, ApplicationFailure.newNonRetryableFailure(
          "database demo is at schema version 2, newer than release 1.0.0 knows (its migrations reach version 1): going "
              + "back to an older release needs a backup taken under it, restored on an empty stack; nothing was migrated",
          FailureType.SCHEMA_NEWER_THAN_RELEASE.id()));
      UpdateStackWorkflow run = t.newWorkflow(UpdateStackWorkflow.class, "stack-acme");

      assertThatThrownBy(() -> run.update(new StackRequest(Samples.REPO, "main")))
          .isInstanceOf(WorkflowFailedException.class)
          .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo(FailureType.SCHEMA_NEWER_THAN_RELEASE.id());
            assertThat(f.getOriginalMessage()).startsWith("migrate database: database demo is at schema version 2");
          });
      assertThat(t.fakes.calls).as("no attention, no retry, the running services untouched")
          .endsWith("host-acme-prod-1:MigrateDatabase").doesNotContain("host-acme-prod-1:StartServices");
    }
  }

  @Test
  void workflowIdMustNameTheCustomerOfStackYaml() {
    try (StackTestEnvironment t = acme()) {
      InstallStackWorkflow run = t.newWorkflow(InstallStackWorkflow.class, "stack-other");

      assertThatThrownBy(() -> run.install(new InstallRequest(Samples.REPO, "main")))
          .isInstanceOf(WorkflowFailedException.class)
          .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getOriginalMessage())
              .isEqualTo("workflow id 'stack-other' does not match customer 'acme' of stack.yaml; start it as stack-acme"));
    }
  }

  /**
   * A step's timeout asks for attention like any failure. The test service holds time while an activity runs,
   * so a start-to-close timeout cannot be provoked here; a schedule-to-start timeout can, and passes in real time.
   */
  @Test
  void hostAgentThatDoesNotPollIsNamed() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      InstallStackWorkflow run = t.newWorkflow(InstallStackWorkflow.class, "stack-acme");
      var pending = install(t, run, new InstallRequest(Samples.REPO, "main", "PT2S", null, null));

      StackStatus status = Steering.awaitAttention(t.env, run, pending);
      run.abort("host is being rebuilt");

      assertThat(status.step()).isEqualTo("prepare host");
      assertThat(status.lastError()).isEqualTo("no host agent picked up the step (PrepareHost): is the host agent for "
          + "'acme-prod-1' running and polling task queue host-acme-prod-1?");
      assertThatThrownBy(pending::join).rootCause().isInstanceOfSatisfying(ApplicationFailure.class,
          f -> assertThat(f.getOriginalMessage()).isEqualTo("aborted by the operator at step \"prepare host\": host is being rebuilt"));
    }
  }

  @Test
  void decisionsAreRefusedWhileNoStepWaits() {
    try (StackTestEnvironment t = acme()) {
      t.fakes.hang(PULL);
      InstallStackWorkflow run = t.newWorkflow(InstallStackWorkflow.class, "stack-acme");
      var pending = install(t, run, new InstallRequest(Samples.REPO, "main"));
      Steering.awaitStep(t.env, run, pending, "pull images");

      assertThatThrownBy(() -> run.decide(Decision.retry()))
          .isInstanceOf(WorkflowUpdateException.class)
          .rootCause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getOriginalMessage())
              .isEqualTo("InstallStack of acme is not waiting for a decision (step 4/9 \"pull images\" is Running)"));
      assertThatThrownBy(() -> run.decide(new Decision("restart", null, null)))
          .isInstanceOf(WorkflowUpdateException.class)
          .rootCause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getOriginalMessage())
              .isEqualTo("action must be one of retry, skip, abort, accept"));
      WorkflowStub.fromTyped(run).terminate("test over");
    }
  }
}
