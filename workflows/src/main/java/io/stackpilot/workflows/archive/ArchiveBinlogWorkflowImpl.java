package io.stackpilot.workflows.archive;

import io.stackpilot.workflows.activities.ArchiveProgress;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.ArchiveRequest;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.BackupKinds;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.Notification;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.stackpilot.workflows.backup.BackupStackWorkflow;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Notifications;
import io.stackpilot.workflows.steps.StackActivities;
import io.stackpilot.workflows.steps.StepFailures;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * One pass: read the stack.yaml of the commit the stack runs, ship the binary log on its host for a while, and when the
 * shipping run says the chain cannot go on (no full backup starts one on this log yet, or a file it needed is gone),
 * report it and take a full backup as the stack's operation, which starts a new chain. A step that fails is reported in
 * the status and tried again after a pause: archiving never ends on its own while stack.yaml asks for it.
 */
public class ArchiveBinlogWorkflowImpl implements ArchiveBinlogWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"<commit>\"}";
  static final Duration DEFAULT_RUN = Duration.ofMinutes(10);
  static final Duration PAUSE = Duration.ofSeconds(30);
  static final int MAX_PASSES = 200;

  private static final Logger log = Workflow.getLogger(ArchiveBinlogWorkflowImpl.class);

  private ArchiveStatus status;
  private String followed;

  @Override
  public void archive(ArchiveRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    String commit = Inputs.required("ref", request.ref(), EXAMPLE);
    Duration runFor = Inputs.duration("runFor", request.runFor(), DEFAULT_RUN);
    String id = Workflow.getInfo().getWorkflowId();
    String customer = StackNames.customerOfArchive(id).orElseThrow(() ->
        Inputs.invalid("workflow id '" + id + "' must be " + StackNames.archiveId("<customer>")));
    status = request.state() != null ? request.state() : ArchiveStatus.initial(customer, commit);
    Workflow.upsertTypedSearchAttributes(StackSearchAttributes.CUSTOMER.valueSet(customer));

    for (int pass = 1; ; pass++) {
      if (followed != null) {
        commit = followed;
        followed = null;
      }
      DesiredState desired;
      try {
        desired = StackActivities.fetchDesiredState(repo, commit);
      } catch (ActivityFailure e) {
        failed(commit, "reading commit " + StackNames.shortCommit(commit) + " of " + repo + " failed: "
            + StepFailures.describe(e, null));
        continue;
      }
      if (desired.stack().backup().binlog() == null || headStopsAsking(repo, request.branch())) {
        update(ArchiveStatus.STOPPED, commit, status.lineage(), status.lastFile(), status.lastEventAt(), null);
        log.info("{}: stack.yaml no longer asks for backup.binlog: archiving stops", customer);
        return;
      }
      long began = Workflow.currentTimeMillis();
      ship(desired, commit, runFor);
      if (Workflow.currentTimeMillis() - began < runFor.toMillis() / 2) {
        // A shipping run that ended long before its time (its agent restarted): no spinning.
        Workflow.await(runFor.compareTo(PAUSE) < 0 ? runFor : PAUSE, () -> followed != null);
      }
      if (pass >= MAX_PASSES || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.continueAsNew(request.with(followed != null ? followed : commit, status));
      }
    }
  }

  /**
   * The branch's head no longer asks for the archive: the loop may not have applied it yet, but the stack is about to
   * stop writing the log. A head that cannot be read changes nothing: a broken commit never stops archiving.
   */
  private static boolean headStopsAsking(String repo, String branch) {
    if (branch == null) {
      return false;
    }
    try {
      return StackActivities.fetchDesiredState(repo, branch).stack().backup().binlog() == null;
    } catch (ActivityFailure unreadable) {
      return false;
    }
  }

  private void ship(DesiredState desired, String commit, Duration runFor) {
    String host = desired.stack().host();
    String customer = desired.stack().customer();
    ArchiveProgress progress;
    try {
      progress = StackActivities.onHost(StackActivities.SHIP_BINLOG, host, "archive the binary log of " + customer
          + " on " + host, new StackActivities.HostTimeouts(StackActivities.HOST_PICKUP, Duration.ofMinutes(1)))
          .shipBinlog(desired, runFor.toString());
    } catch (ActivityFailure e) {
      failed(commit, "archiving on " + host + " failed: " + StepFailures.describe(e, host));
      return;
    }
    update(progress.state(), commit, progress.lineage(), progress.lastFile(), progress.lastEventAt(), null);
    if (!progress.needsFullBackup()) {
      return;
    }
    if (progress.lineage() == null) {
      // The database does not write the log yet (the update that turns it on has not run): no backup would help.
      failed(commit, progress.note());
      return;
    }
    if (ArchiveProgress.GAP.equals(progress.state()) && !progress.note().equals(status.lastGap())) {
      status = new ArchiveStatus(status.customer(), status.state(), status.commit(), status.lineage(), status.lastFile(),
          status.lastEventAt(), status.chainBackup(), status.gaps() + 1, progress.note(), status.lastError(),
          status.updatedAt());
      log.warn("{}: gap in the archived binary log: {}", customer, progress.note());
      Notifications.send(Notification.ATTENTION, "gap." + status.gaps(), customer, TYPE, "the archived binary log of "
          + customer + " has a gap: " + progress.note() + " — a full backup starts a new chain now");
    }
    takeFullBackup(desired, commit, progress.note());
  }

  /** A full backup as the stack's operation; a stack busy with another operation is tried again after a pause. */
  private void takeFullBackup(DesiredState desired, String commit, String why) {
    String customer = desired.stack().customer();
    BackupStackWorkflow backup = Workflow.newChildWorkflowStub(BackupStackWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.operationId(customer))
        .setTaskQueue(StackNames.TASK_QUEUE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setStaticSummary("full backup of " + customer + " to start a binary log chain: " + why)
        .build());
    try {
      String written = backup.backup(new BackupRequest(desired.repo(), commit, BackupKinds.CHAIN)).backupWritten();
      status = new ArchiveStatus(status.customer(), status.state(), status.commit(), status.lineage(), status.lastFile(),
          status.lastEventAt(), written, status.gaps(), status.lastGap(), null, now());
      log.info("{}: backup {} starts a new chain of the archived binary log", customer, written);
    } catch (ChildWorkflowFailure e) {
      failed(commit, e.getCause() instanceof WorkflowExecutionAlreadyStarted
          ? StackNames.operationId(customer) + " is busy with another operation: the full backup is tried again"
          : "the full backup that starts a chain failed: " + e.getMessage());
    }
  }

  private void failed(String commit, String error) {
    log.warn("{}: {}", status.customer(), error);
    status = new ArchiveStatus(status.customer(), status.state(), commit, status.lineage(), status.lastFile(),
        status.lastEventAt(), status.chainBackup(), status.gaps(), status.lastGap(), error, now());
    Workflow.await(PAUSE, () -> followed != null);
  }

  private void update(String state, String commit, String lineage, String lastFile, String lastEventAt, String error) {
    status = new ArchiveStatus(status.customer(), state, commit, lineage, lastFile != null ? lastFile : status.lastFile(),
        lastEventAt != null ? lastEventAt : status.lastEventAt(), status.chainBackup(), status.gaps(), status.lastGap(),
        error, now());
  }

  private static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }

  @Override
  public void follow(String commit) {
    followed = commit;
  }

  @Override
  public ArchiveStatus status() {
    return status;
  }
}
