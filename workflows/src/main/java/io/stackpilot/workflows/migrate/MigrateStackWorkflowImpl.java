package io.stackpilot.workflows.migrate;

import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.BackupKinds;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Results;
import io.stackpilot.workflows.steps.StackActivities;
import io.stackpilot.workflows.steps.StackSteps;
import io.stackpilot.workflows.steps.SteerableStackWorkflow;
import io.stackpilot.workflows.steps.Step;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class MigrateStackWorkflowImpl extends SteerableStackWorkflow implements MigrateStackWorkflow {

  static final String EXAMPLE =
      "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"fromHost\":\"acme-prod-1\",\"finalBackup\":true}";
  public static final List<Step> STEPS = Step.concat(List.of(Step.RESOLVE, Step.FINAL_BACKUP), Step.INSTALL,
      List.of(Step.STOP_OLD_STACK));

  @Override
  public OperationResult migrate(MigrateRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    if (request.fromHost() == null || request.fromHost().isBlank()) {
      throw Inputs.invalid("input: fromHost is required (the host the stack runs on now), e.g. " + EXAMPLE);
    }
    String oldHost = request.fromHost();
    if (request.backup() != null && Boolean.TRUE.equals(request.finalBackup())) {
      throw Inputs.invalid("input: backup and finalBackup: name a backup to install from, or ask for a final backup; not both");
    }
    String noFinalBackup = request.backup() != null ? "not taken: the input names backup " + request.backup()
        : request.until() != null && !request.until().isBlank() ? "not taken: the input asks for the stack as it was at "
        + request.until()
        : Boolean.FALSE.equals(request.finalBackup()) ? "not requested: the newest backup is used" : null;
    String until = Inputs.until(request.until());
    if (until != null && Boolean.TRUE.equals(request.finalBackup())) {
      throw Inputs.invalid("input: until and finalBackup: a final backup is the stack as it is now; recover to a point "
          + "from the store without one (finalBackup: false), or take it without until");
    }
    StackSteps steps = begin(TYPE, STEPS, request.hostPickupTimeout(), request.heartbeatTimeout());
    Duration oldHostPickup = Inputs.duration("fromHostTimeout", request.fromHostTimeout(), StackActivities.OLD_HOST_PICKUP);

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    if (oldHost.equals(desired.stack().host())) {
      throw Inputs.invalid("stack.yaml: host: is still " + oldHost + "; change it to the new host before migrating");
    }
    BackupRef finalRef = runbook.run(Step.FINAL_BACKUP, oldHost,
        () -> finalBackup(steps, desired, oldHost, oldHostPickup, noFinalBackup));
    // Before version 1 the new host took the newest backup in the store, which is not the final backup when
    // another backup was written in the same second (backup ids have one-second resolution).
    boolean fromFinalBackup = Workflow.getVersion("install-from-final-backup", Workflow.DEFAULT_VERSION, 1) == 1;
    StackSteps.Seed seed = fromFinalBackup && finalRef != null ? StackSteps.Seed.given(finalRef)
        : StackSteps.Seed.named(request.backup(), until);
    StackSteps.Installed installed = steps.install(desired, seed, true);
    steps.stopOldStack(desired, oldHost);

    runbook.completed();
    return Results.installed(Results.of(TYPE, desired, desired.stack().host(), runbook), installed)
        .backupWritten(finalRef == null ? null : finalRef.id())
        .build();
  }

  /**
   * The old host's last state, when it answers; null: install from the newest (or the named) backup in the store.
   * {@code notTaken}: why no final backup is taken, or null to take one.
   */
  private BackupRef finalBackup(StackSteps steps, DesiredState desired, String oldHost, Duration oldHostPickup,
      String notTaken) {
    if (notTaken != null) {
      runbook.note(notTaken);
      return null;
    }
    try {
      return steps.backup(desired, oldHost, oldHostPickup, BackupKinds.FINAL);
    } catch (ActivityFailure e) {
      if (Failures.noWorkerPickedUp(e)) {
        runbook.note("old host " + oldHost + " did not answer within " + oldHostPickup
            + ": continuing from the newest backup in the store");
        return null;
      }
      throw e;
    }
  }
}
