package io.stackpilot.workflows.drill;

import io.stackpilot.failures.FailureType;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.LivePoint;
import io.stackpilot.workflows.activities.RestoreResult;
import io.stackpilot.workflows.activities.DataComparison;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.DrillRequest;
import io.stackpilot.workflows.api.DrillResult;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.StackSteps;
import io.stackpilot.workflows.steps.SteerableStackWorkflow;
import io.stackpilot.workflows.steps.Step;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

public class DrillStackWorkflowImpl extends SteerableStackWorkflow implements DrillStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}";
  /** How long a drill waits for the archive to ship the file where it read the live stack. */
  static final Duration ARCHIVE_WAIT = Duration.ofMinutes(5);
  public static final List<Step> STEPS = List.of(Step.RESOLVE, Step.CHOOSE_BACKUP, Step.READ_LIVE_STACK,
      Step.AWAIT_ARCHIVE, Step.PREPARE_DRILL, Step.PULL_IMAGES,
      Step.START_DATABASE, Step.RESTORE_IF_EMPTY, Step.COMPARE_WITH_BACKUP, Step.MIGRATE_DATABASE, Step.START_SERVICES,
      Step.VERIFY_HEALTH, Step.REMOVE_DRILL);

  @Override
  public DrillResult drill(DrillRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    StackSteps steps = begin(TYPE, STEPS, request.hostPickupTimeout(), request.heartbeatTimeout());

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    String host = request.host() != null ? request.host()
        : desired.stack().drill() != null && desired.stack().drill().host() != null ? desired.stack().drill().host()
        : desired.stack().host();
    DesiredState drill = new DesiredState(desired.repo(), desired.commit(), desired.stack().asDrill(host), desired.release());
    Instant began = now();
    String until = Inputs.until(request.until());
    boolean pointInTime = Workflow.getVersion("drill-point-in-time", Workflow.DEFAULT_VERSION, 1) == 1;
    BackupRef backup = runbook.run(Step.CHOOSE_BACKUP, () -> pointInTime
        ? steps.backupToDrill(desired, request.backup(), until) : steps.backupToDrill(desired, request.backup()));
    // Since this version a drill of a stack whose log is archived reads the live stack and recovers its copy to
    // exactly that point: every table is compared with the live one, the tables the replay wrote included.
    boolean live = backup.recovery() != null && until == null
        && Workflow.getVersion("drill-live-point", Workflow.DEFAULT_VERSION, 1) == 1;
    LivePoint point = live ? steps.readLiveStack(desired) : null;
    BackupRef restoring = live ? steps.awaitArchive(desired, backup, point, ARCHIVE_WAIT) : backup;
    RestoreResult restored = null;
    steps.prepareDrill(drill);
    DataComparison comparison;
    String mismatch = null;
    Instant healthy = null;
    try {
      // Since this version a drill reads its dump ahead as a recovery does (once what an earlier drill left is gone), so
      // that its RTO is the recovery's.
      if (Workflow.getVersion("drill-read-ahead", Workflow.DEFAULT_VERSION, 1) == 1) {
        steps.readAhead(drill, restoring);
      }
      steps.pullImages(drill);
      steps.startDatabase(drill);
      restored = steps.restoreDrill(drill, restoring);
      comparison = steps.compareWithBackup(drill, restoring);
      if (comparison.recorded() && !comparison.mismatches().isEmpty()) {
        mismatch = (point == null ? "backup " + backup.id() + " restored data that does not match its fingerprints: "
            : "backup " + backup.id() + " and the archived log up to " + point.position() + " restored data that does "
            + "not match the live stack's there: ") + String.join("; ", comparison.mismatches());
      } else {
        steps.migrate(drill);
        steps.startServices(drill);
        steps.verifyHealth(drill);
        healthy = now();
      }
    } finally {
      steps.removeDrill(drill);
    }
    if (mismatch != null) {
      throw runbook.failed(mismatch, FailureType.DRILL_MISMATCH);
    }
    runbook.completed();
    String recoveredTo = restored != null && restored.recoveredTo() != null ? restored.recoveredTo() : backup.createdAt();
    String note = comparison.recorded() ? null : "backup " + backup.id() + " records no table fingerprints (taken before "
        + "they were recorded, or a release's vanilla backup): its data was restored but not compared";
    if (restored != null && restored.replay() != null) {
      note = (note == null ? "" : note + "; ") + restored.replay();
    }
    if (point != null) {
      note = (note == null ? "" : note + "; ") + "compared " + comparison.compared() + " tables with the live stack at "
          + point.position() + " (read " + point.readAt() + ")";
    }
    return new DrillResult(desired.stack().customer(), backup.id(), backup.createdAt(), host,
        Duration.between(began, healthy).toSeconds(),
        Math.max(0, Duration.between(Instant.parse(recoveredTo), began).toSeconds()), comparison.compared(), note,
        runbook.steps());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
