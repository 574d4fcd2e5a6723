package io.stackpilot.workflows.importing;

import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.ImportSource;
import io.stackpilot.workflows.api.BackupKinds;
import io.stackpilot.workflows.api.ImportRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.Results;
import io.stackpilot.workflows.steps.StackSteps;
import io.stackpilot.workflows.steps.SteerableStackWorkflow;
import io.stackpilot.workflows.steps.Step;
import java.util.List;

public class ImportStackWorkflowImpl extends SteerableStackWorkflow implements ImportStackWorkflow {

  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"onHost\":\"old-acme\","
      + "\"db\":\"/srv/import/acme.sql.gz\",\"files\":\"/srv/import/acme-files\",\"schemaVersion\":\"1\"}";
  public static final List<Step> STEPS = List.of(Step.RESOLVE, Step.IMPORT_PARTS, Step.VERIFY_PARTS, Step.WRITE_MANIFEST);

  @Override
  public OperationResult importInstallation(ImportRequest request) {
    Inputs.present(request, EXAMPLE);
    String repo = Inputs.repo(request.repo(), EXAMPLE);
    ImportSource source = new ImportSource(Inputs.required("db", request.db(), EXAMPLE),
        request.files() == null || request.files().isBlank() ? null : request.files(),
        Inputs.schemaVersion(request.schemaVersion(), EXAMPLE));
    StackSteps steps = begin(TYPE, STEPS, request.hostPickupTimeout(), request.heartbeatTimeout());

    DesiredState desired = steps.resolve(repo, Inputs.ref(request.ref()));
    String host = request.onHost() == null || request.onHost().isBlank() ? desired.stack().host() : request.onHost();
    BackupParts parts = runbook.run(Step.IMPORT_PARTS, host, () -> steps.importParts(desired, host, source));
    BackupParts verified = runbook.run(Step.VERIFY_PARTS, () -> steps.verifyParts(parts));
    BackupRef written = runbook.run(Step.WRITE_MANIFEST, () -> steps.writeManifest(verified, BackupKinds.IMPORT));

    runbook.completed();
    return Results.of(TYPE, desired, host, runbook).backupWritten(written.id()).build();
  }
}
