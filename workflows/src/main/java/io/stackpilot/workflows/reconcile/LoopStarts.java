package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.ArchiveRequest;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.archive.ArchiveBinlogWorkflow;
import io.stackpilot.workflows.api.DrillRequest;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.backup.BackupStackWorkflow;
import io.stackpilot.workflows.drill.DrillStackWorkflow;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.migrate.MigrateStackWorkflow;
import io.stackpilot.workflows.update.UpdateStackWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * The operations the loop starts as children under the stack's operation id: what a commit asks for, the nightly
 * backup, the scheduled drill. An operation someone else started keeps the stack busy: the loop tries at the next poll.
 */
final class LoopStarts {

  private static final Logger log = Workflow.getLogger(LoopStarts.class);

  private LoopStarts() {}

  /** The install, update or migration {@code decision} asks for; {@code override}: why outside the windows, or null. */
  static void apply(Loop loop, ReconcileDecision decision, DesiredState desired, String override) {
    String commit = desired.commit();
    LoopRun run;
    Object child;
    switch (decision.action()) {
      case INSTALL -> {
        InstallStackWorkflow install = child(loop, InstallStackWorkflow.class, "install " + commit + ": " + decision.reason());
        run = new LoopRun.Apply(InstallStackWorkflow.TYPE, desired, Async.function(install::install,
            new InstallRequest(loop.repo, commit)), override);
        child = install;
      }
      case UPDATE -> {
        UpdateStackWorkflow update = child(loop, UpdateStackWorkflow.class, "update to " + commit + ": " + decision.reason());
        run = new LoopRun.Apply(UpdateStackWorkflow.TYPE, desired, Async.function(update::update,
            new StackRequest(loop.repo, commit)), override);
        child = update;
      }
      default -> {
        MigrateStackWorkflow migrate = child(loop, MigrateStackWorkflow.class, "migrate to " + commit + ": "
            + decision.reason());
        run = new LoopRun.Apply(MigrateStackWorkflow.TYPE, desired, Async.function(migrate::migrate,
            new MigrateRequest(loop.repo, commit, loop.state.applied().stack().host(), true)), override);
        child = migrate;
      }
    }
    if (start(loop, child, run)) {
      log.info("{}: started {} for commit {}: {}", loop.customer, run.operation(), commit, decision.reason());
    }
  }

  /** The nightly backup once its time has come and no operation runs. */
  static void backUpWhenDue(Loop loop) {
    loop.state = loop.state.withNightly(NightlyBackupClock.tick(loop.state.nightly(), Loop.now(),
        loop.state.applied() == null ? null : loop.state.applied().stack().backup()));
    if (!loop.state.nightly().due() || loop.running != null) {
      return;
    }
    BackupStackWorkflow backup = child(loop, BackupStackWorkflow.class, "nightly backup of " + loop.customer);
    start(loop, backup, new LoopRun.NightlyBackup(Async.function(backup::backup,
        new BackupRequest(loop.repo, loop.state.applied().commit(), "nightly"))));
  }

  /**
   * The drill stack.yaml asks for once it is due (the first as soon as a backup exists) and no operation runs, as the
   * stack's own operation: it restores onto a copy and leaves the running stack alone.
   */
  static void drillWhenDue(Loop loop) {
    if (loop.running != null || !DrillClock.due(loop.state, Loop.now())
        || Workflow.getVersion("drills", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    DrillStackWorkflow drill = child(loop, DrillStackWorkflow.class, "scheduled drill of " + loop.customer);
    start(loop, drill, new LoopRun.Drill(Async.function(drill::drill,
        new DrillRequest(loop.repo, loop.state.applied().commit()))));
  }

  /**
   * Keeps the binary log archived while the applied stack.yaml asks for it: starts {@code binlog-<customer>}, or tells
   * the one running which commit the stack now runs. It outlives the loop (a loop that continues as new finds it
   * running) and ends by itself once neither that commit nor the branch's head asks for it.
   */
  static void archiveWhenAsked(Loop loop) {
    ReconcileState.Applied applied = loop.state.applied();
    if (applied == null || applied.stack().backup().binlog() == null || applied.commit().equals(loop.archiving)
        || Workflow.getVersion("binlog-archive", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    ArchiveBinlogWorkflow archive = Workflow.newChildWorkflowStub(ArchiveBinlogWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(StackNames.archiveId(loop.customer))
            .setTaskQueue(StackNames.TASK_QUEUE)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .setStaticSummary("archive the binary log of " + loop.customer)
            .build());
    Async.procedure(archive::archive, new ArchiveRequest(loop.repo, applied.commit(), loop.ref));
    try {
      Workflow.getWorkflowExecution(archive).get();
      log.info("{}: started archiving the binary log at commit {}", loop.customer, applied.commit());
    } catch (ChildWorkflowFailure | WorkflowExecutionAlreadyStarted e) {
      if (!(e instanceof WorkflowExecutionAlreadyStarted) && !(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
        throw e;
      }
      Workflow.newExternalWorkflowStub(ArchiveBinlogWorkflow.class, StackNames.archiveId(loop.customer))
          .follow(applied.commit());
    }
    loop.archiving = applied.commit();
  }

  /** Runs {@code run} unless the stack is busy with an operation someone else started: then try again at the next poll. */
  private static boolean start(Loop loop, Object child, LoopRun run) {
    try {
      Workflow.getWorkflowExecution(child).get();
      loop.running = run;
      return true;
    } catch (ChildWorkflowFailure e) {
      if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
        throw e;
      }
    } catch (WorkflowExecutionAlreadyStarted e) {
      // busy, as below
    }
    loop.state = run.busy(loop.state, StackNames.operationId(loop.customer) + " is busy with an operation started "
        + "elsewhere at " + Loop.now() + "; tried again at the next poll");
    return false;
  }

  private static <T> T child(Loop loop, Class<T> type, String summary) {
    return Workflow.newChildWorkflowStub(type, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.operationId(loop.customer))
        .setTaskQueue(StackNames.TASK_QUEUE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        // An operation keeps going if the loop is terminated: it may be halfway through a restore.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setStaticSummary(summary)
        .build());
  }
}
