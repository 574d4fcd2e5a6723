package io.stackpilot.workflows.update;

import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.MigrationResult;
import io.stackpilot.workflows.api.BackupKinds;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.install.InstallStackWorkflowImpl;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Results;
import io.stackpilot.workflows.steps.StackSteps;
import io.stackpilot.workflows.steps.SteerableStackWorkflow;
import io.stackpilot.workflows.steps.Step;
import java.util.List;

public class UpdateStackWorkflowImpl extends SteerableStackWorkflow implements UpdateStackWorkflow {

  public static final List<Step> STEPS = List.of(Step.RESOLVE, Step.SAFETY_BACKUP, Step.PREPARE_HOST, Step.PULL_IMAGES,
      Step.MIGRATE_DATABASE, Step.START_SERVICES, Step.VERIFY_HEALTH);

  @Override
  public OperationResult update(StackRequest request) {
    Inputs.present(request, InstallStackWorkflowImpl.EXAMPLE);
    String repo = Inputs.repo(request.repo(), InstallStackWorkflowImpl.EXAMPLE);
    StackSteps steps = begin(TYPE, STEPS, request.hostPickupTimeout(), request.heartbeatTimeout());

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    String host = desired.stack().host();
    // MariaDB DDL is not transactional: a failed migration can leave the schema half changed.
    BackupRef safety = runbook.run(Step.SAFETY_BACKUP, () -> steps.backup(desired, host, steps.hostPickup(), BackupKinds.SAFETY));
    steps.prepareHost(desired);
    steps.pullImages(desired);
    MigrationResult migration = steps.migrate(desired);
    ApplyResult apply = steps.startServices(desired);
    steps.verifyHealth(desired);

    runbook.completed();
    return Results.of(TYPE, desired, host, runbook)
        .backupWritten(safety == null ? null : safety.id())
        .migrationsApplied(Results.applied(migration))
        .servicesStarted(Results.started(apply))
        .build();
  }
}
