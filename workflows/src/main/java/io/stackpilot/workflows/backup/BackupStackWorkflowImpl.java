package io.stackpilot.workflows.backup;

import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.BackupKinds;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.PruneResult;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Results;
import io.stackpilot.workflows.steps.StackSteps;
import io.stackpilot.workflows.steps.SteerableStackWorkflow;
import io.stackpilot.workflows.steps.Step;
import io.temporal.workflow.Workflow;
import java.util.List;

public class BackupStackWorkflowImpl extends SteerableStackWorkflow implements BackupStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"reason\":\"manual\"}";
  public static final List<Step> STEPS = List.of(Step.RESOLVE, Step.DUMP_AND_UPLOAD, Step.VERIFY_PARTS, Step.WRITE_MANIFEST,
      Step.PRUNE);
  /** Runs before it ended at the manifest. */
  static final String PRUNE_VERSION = "prune-after-backup";

  @Override
  public OperationResult backup(BackupRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    StackSteps steps = begin(TYPE, STEPS, request.hostPickupTimeout(), request.heartbeatTimeout());

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    String host = desired.stack().host();
    BackupParts parts = runbook.run(Step.DUMP_AND_UPLOAD, () -> steps.uploadParts(desired, host, steps.hostPickup()));
    BackupParts verified = runbook.run(Step.VERIFY_PARTS, () -> steps.verifyParts(parts));
    BackupRef written = runbook.run(Step.WRITE_MANIFEST, () -> steps.writeManifest(verified, BackupKinds.ofReason(request.reason())));

    PruneResult pruned = Workflow.getVersion(PRUNE_VERSION, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION
        ? null : runbook.run(Step.PRUNE, () -> steps.prune(desired, List.of(written.id())));

    runbook.completed();
    return Results.of(TYPE, desired, host, runbook).backupWritten(written.id()).pruned(pruned).build();
  }
}
