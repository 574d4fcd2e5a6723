package io.stackpilot.workflows.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.workflows.Samples;
import io.stackpilot.workflows.StackTestEnvironment;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.RollbackRequest;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.api.StepRecord;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.steps.SteerableStack;
import io.stackpilot.workflows.update.UpdateStackWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** RollbackStack with scripted activities: what it restores, what it asks first, and what the reconcile loop does after. */
class RollbackStackTest {

  private static final String HOST = "host-acme-prod-1:";

  /** Commit c0ffee1 (1.0.0) installed, then updated to c0ffee2 (1.1.0) with a safety backup: the backup's id. */
  private static String updated(StackTestEnvironment t) {
    t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
    t.newWorkflow(InstallStackWorkflow.class, "stack-acme").install(new io.stackpilot.workflows.api.InstallRequest(
        Samples.REPO, "main"));
    t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
    OperationResult update = t.newWorkflow(UpdateStackWorkflow.class, "stack-acme")
        .update(new StackRequest(Samples.REPO, "main"));
    t.fakes.calls.clear();
    t.fakes.readAhead.clear();
    return update.backupWritten();
  }

  @Test
  void rollbackShowsTheDataLossWaitsForAcceptThenRestoresTheSafetyBackupWithThePreviousRelease() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      String safety = updated(t);
      RollbackStackWorkflow rollback = t.newWorkflow(RollbackStackWorkflow.class, "stack-acme");
      WorkflowClient.start(rollback::rollback, new RollbackRequest(Samples.REPO, "main", null, false));
      StackStatus waiting = awaitState(t, rollback, s -> StackStatus.NEEDS_ATTENTION.equals(s.state()));

      assertThat(waiting.step()).isEqualTo("confirm data loss");
      assertThat(waiting.lastError()).startsWith("restoring backup " + safety + " (safety, release 1.0.0, commit c0ffee1")
          .contains("gives up every write to acme since then; tables written since: accounts, flyway_schema_history");
      assertThat(waiting.nextActions()).anyMatch(a -> a.startsWith("stackctl accept acme"));
      assertThat(t.fakes.calls).as("nothing changed before the operator accepts")
          .noneMatch(c -> c.contains("StopStack") || c.contains("ReplaceData") || c.contains("PrepareHost"));
      t.env.sleep(Duration.ofMinutes(5));
      assertThat(t.fakes.readAhead).as("nothing read before the operator accepts").isEmpty();
      assertThatThrownBy(() -> rollback.decide(Decision.retry())).hasStackTraceContaining("accept or abort");

      rollback.decide(Decision.accept());
      OperationResult result = WorkflowStub.fromTyped(rollback).getResult(OperationResult.class);

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "ListBackups", "FindBackup " + safety,
          "FetchDesiredState", HOST + "TablesChangedSince", HOST + "PrepareHost", HOST + "PullImages", HOST + "StopStack",
          HOST + "StartDatabase", HOST + "ReplaceData " + safety + " for 1.0.0", HOST + "StartServices",
          HOST + "VerifyHealth");
      assertThat(result.steps()).extracting(StepRecord::name).containsExactly("resolve desired state", "choose backup",
          "resolve previous state", "confirm data loss", "prepare host", "pull images", "stop services",
          "start database", "restore backup over current data", "start services", "verify health");
      assertThat(result.steps().get(3).note()).startsWith("accepted by the operator: restoring backup " + safety);
      assertThat(result.steps().get(8).note()).as("how the restore over the data ran")
          .isEqualTo("restored " + safety + ", replacing the data it held");
      assertThat(t.fakes.readAhead).as("read ahead once accepted, for the restore over the data")
          .containsExactly(HOST + "StageBackup " + safety + " replacing");
      assertThat(result.commit()).isEqualTo("c0ffee1");
      assertThat(result.release()).isEqualTo("1.0.0");
      assertThat(result.backupUsed()).isEqualTo(safety);
      t.saveHistory("stack-acme", "RollbackStack");
    }
  }

  @Test
  void rollbackAbortedAtTheConfirmationChangesNothing() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      updated(t);
      RollbackStackWorkflow rollback = t.newWorkflow(RollbackStackWorkflow.class, "stack-acme");
      WorkflowClient.start(rollback::rollback, new RollbackRequest(Samples.REPO, "main", null, false));
      awaitState(t, rollback, s -> StackStatus.NEEDS_ATTENTION.equals(s.state()));

      rollback.abort("the customer keeps today's data");

      assertThatThrownBy(() -> WorkflowStub.fromTyped(rollback).getResult(OperationResult.class))
          .isInstanceOf(WorkflowFailedException.class).hasStackTraceContaining("the customer keeps today's data");
      assertThat(t.fakes.calls).noneMatch(c -> c.contains("StopStack") || c.contains("ReplaceData"));
    }
  }

  @Test
  void rollbackWithoutASafetyBackupIsRefusedNamingTheBackupsThereAre() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
      RollbackStackWorkflow rollback = t.newWorkflow(RollbackStackWorkflow.class, "stack-acme");

      assertThatThrownBy(() -> rollback.rollback(new RollbackRequest(Samples.REPO, "main", null, true)))
          .hasStackTraceContaining("no safety backup of acme")
          .hasStackTraceContaining("name the backup to roll back to with --to; complete backups: 20261125T020000Z-1a2b3c4d (nightly)");
      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "ListBackups");
    }
  }

  @Test
  void theReconcileLoopStaysOnTheRolledBackCommitUntilANewOne() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      ReconcileStackWorkflow loop = t.client().newWorkflowStub(ReconcileStackWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.reconcileId("acme")).setTaskQueue(StackNames.TASK_QUEUE).build());
      WorkflowClient.start(loop::reconcile, new ReconcileRequest(Samples.REPO, "main", "PT1M", null, null, null));
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && s.running() == null);
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
      loop.sync();
      t.awaitLoop(loop, s -> "c0ffee2".equals(s.appliedCommit()) && s.running() == null);

      t.newWorkflow(RollbackStackWorkflow.class, "stack-acme").rollback(new RollbackRequest(Samples.REPO, "main", null, true));
      ReconcileStatus rolledBack = t.awaitLoop(loop, s -> ReconcileStatus.ROLLED_BACK.equals(s.state()));
      t.fakes.calls.clear();
      t.env.sleep(Duration.ofMinutes(30));

      assertThat(rolledBack.appliedCommit()).isEqualTo("c0ffee1");
      assertThat(rolledBack.release()).isEqualTo("1.0.0");
      assertThat(rolledBack.lastOperation()).isEqualTo("RollbackStack");
      assertThat(loop.status().pendingReason()).startsWith("rolled back from commit c0ffee2 to commit c0ffee1 with backup ")
          .endsWith("waiting for a new commit or an operator's retry (stackctl reconcile retry acme)");
      assertThat(t.fakes.calls).as("30 polls later, commit c0ffee2 is not applied again").isNotEmpty()
          .noneMatch(c -> c.contains("MigrateDatabase") || c.contains("StartServices"));

      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee3"));
      loop.sync();
      ReconcileStatus next = t.awaitLoop(loop, s -> "c0ffee3".equals(s.appliedCommit()) && s.running() == null);
      assertThat(next.state()).isEqualTo(ReconcileStatus.WATCHING);
      assertThat(next.lastOperation()).isEqualTo("UpdateStack");
      t.saveHistory(StackNames.reconcileId("acme"), "ReconcileStack-rolled-back");
    }
  }

  private static StackStatus awaitState(StackTestEnvironment t, SteerableStack run, Predicate<StackStatus> condition) {
    for (int i = 0; i < 200; i++) {
      try {
        StackStatus status = run.status();
        if (condition.test(status)) {
          return status;
        }
      } catch (RuntimeException notStartedYet) {
        // the run has not started yet
      }
      t.env.sleep(Duration.ofSeconds(5));
    }
    throw new AssertionError("the run never reached the expected state: " + run.status());
  }
}
