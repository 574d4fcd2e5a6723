package io.stackpilot.workflows.rollback;

import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.ChangedTables;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.BackupEntry;
import io.stackpilot.workflows.api.BackupKinds;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.RollbackRequest;
import io.stackpilot.workflows.api.RolledBack;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.steps.DataOperations;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Results;
import io.stackpilot.workflows.steps.StackActivities;
import io.stackpilot.workflows.steps.StackSteps;
import io.stackpilot.workflows.steps.SteerableStackWorkflow;
import io.stackpilot.workflows.steps.Step;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;

public class RollbackStackWorkflowImpl extends SteerableStackWorkflow implements RollbackStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"to\":null,\"acceptDataLoss\":false}";
  public static final List<Step> STEPS = List.of(Step.RESOLVE, Step.CHOOSE_BACKUP, Step.RESOLVE_PREVIOUS,
      Step.CONFIRM_DATA_LOSS, Step.PREPARE_HOST, Step.PULL_IMAGES, Step.STOP_SERVICES, Step.START_DATABASE,
      Step.REPLACE_DATA, Step.START_SERVICES, Step.VERIFY_HEALTH);

  private static final Logger log = Workflow.getLogger(RollbackStackWorkflowImpl.class);
  /**
   * Since this version the backup's dump is read onto the host and verified once the data loss is accepted, while the
   * images are pulled and the services stop; ReplaceData loads that copy (see {@link StackSteps#readAhead}).
   */
  private static final String READ_AHEAD = "rollback-read-ahead";

  /** The backup rolled back to: as the catalog lists it (kind, commit), and as a restore reads it. */
  private record Chosen(BackupEntry entry, BackupRef backup) {}

  @Override
  public OperationResult rollback(RollbackRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    StackSteps steps = begin(TYPE, STEPS, request.hostPickupTimeout(), request.heartbeatTimeout());

    DesiredState current = steps.resolve(repo, Inputs.ref(request.ref()));
    String host = current.stack().host();
    Chosen chosen = runbook.run(Step.CHOOSE_BACKUP, () -> {
      BackupEntry entry = choose(current, request.to());
      return new Chosen(entry, steps.findBackup(current, entry.id()));
    });
    BackupRef backup = chosen.backup();
    DesiredState previous = runbook.run(Step.RESOLVE_PREVIOUS, () -> previous(repo, current, chosen.entry()));
    runbook.confirm(Step.CONFIRM_DATA_LOSS, dataLoss(current, chosen.entry(), steps), request.dataLossAccepted());
    if (Workflow.getVersion(READ_AHEAD, Workflow.DEFAULT_VERSION, 1) == 1) {
      steps.readAhead(previous, backup, true);
    }
    steps.prepareHost(previous);
    steps.pullImages(previous);
    steps.stopServices(current);
    steps.startDatabase(previous);
    steps.replaceData(current, previous, backup);
    ApplyResult apply = steps.startServices(previous);
    steps.verifyHealth(previous);
    tellTheLoop(current, previous, backup);

    runbook.completed();
    return Results.of(TYPE, previous, host, runbook)
        .backupUsed(backup.id())
        .servicesStarted(Results.started(apply))
        .build();
  }

  /** The backup named, else the customer's newest safety backup: the state just before an update migrated. */
  private static BackupEntry choose(DesiredState current, String named) {
    String customer = current.stack().customer();
    String store = current.stack().backup().store();
    List<BackupEntry> backups = StackSteps.listBackups(current.stack()).stream().filter(BackupEntry::complete).toList();
    List<String> ids = backups.stream().limit(10).map(b -> b.id() + " (" + b.kind() + ")").toList();
    BackupEntry chosen = named != null
        ? backups.stream().filter(b -> b.id().equals(named)).findFirst().orElseThrow(() -> Inputs.invalid(
            "input: to: no complete backup " + named + " of " + customer + " in " + store + "; complete backups: "
                + (ids.isEmpty() ? "none" : String.join(", ", ids))))
        : backups.stream().filter(b -> BackupKinds.SAFETY.equals(b.kind())).findFirst().orElseThrow(() -> Inputs.invalid(
            "no safety backup of " + customer + " in " + store + " (an update takes one before it migrates): name "
                + "the backup to roll back to with --to; complete backups: " + (ids.isEmpty() ? "none" : String.join(", ", ids))));
    if (chosen.commit() == null) {
      throw Inputs.invalid("backup " + chosen.id() + " (" + chosen.kind() + ") records no commit of the customer repo: "
          + "nothing says which configuration ran with it; roll back to a backup Stackpilot took from the running stack");
    }
    return chosen;
  }

  /** stack.yaml and the release at the commit that ran when the backup was taken, on the host the stack runs on now. */
  private static DesiredState previous(String repo, DesiredState current, BackupEntry backup) {
    DesiredState previous = StackActivities.fetchDesiredState(repo, backup.commit());
    if (!previous.stack().customer().equals(current.stack().customer())) {
      throw Inputs.invalid("backup " + backup.id() + " was taken at commit " + StackNames.shortCommit(backup.commit())
          + ", whose stack.yaml is the stack of '" + previous.stack().customer() + "'");
    }
    if (!previous.stack().host().equals(current.stack().host())) {
      log.info("commit {} ran {} on {}; the rollback brings it back on {}, where it runs now", backup.commit(),
          current.stack().customer(), previous.stack().host(), current.stack().host());
    }
    return previous.onHost(current.stack().host());
  }

  /** What going back to {@code backup} gives up: every write since it was taken, and the tables they went to. */
  private static String dataLoss(DesiredState current, BackupEntry backup, StackSteps steps) {
    Instant taken = Instant.parse(backup.createdAt());
    Duration age = Duration.between(taken, Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    ChangedTables changed = steps.tablesChangedSince(current, taken);
    String tables = !changed.measurable() ? "which tables were written is not known (" + changed.why() + ")"
        : changed.tables().isEmpty() ? "no table was written since"
        : "tables written since: " + String.join(", ", changed.tables());
    return "restoring backup " + backup.id() + " (" + backup.kind() + ", release " + backup.release() + ", commit "
        + StackNames.shortCommit(backup.commit()) + ", taken " + taken + ", " + DataOperations.duration(Math.max(0, age.toSeconds()))
        + " ago) gives up every write to " + current.stack().customer() + " since then; " + tables;
  }

  /** The reconcile loop, if one runs, holds the commit rolled back from instead of applying it again. */
  private static void tellTheLoop(DesiredState current, DesiredState previous, BackupRef backup) {
    String customer = current.stack().customer();
    try {
      Workflow.newExternalWorkflowStub(ReconcileStackWorkflow.class, StackNames.reconcileId(customer))
          .rolledBack(new RolledBack(current.commit(), previous.commit(), previous.stack(), backup.id(),
              Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString()));
    } catch (TemporalFailure noLoop) {
      log.info("no reconcile loop of {} to tell about the rollback: {}", customer, noLoop.getMessage());
    }
  }
}
