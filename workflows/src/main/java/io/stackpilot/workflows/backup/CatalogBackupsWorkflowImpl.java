package io.stackpilot.workflows.backup;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.BackupEntry;
import io.stackpilot.workflows.api.BackupVerification;
import io.stackpilot.workflows.api.CatalogRequest;
import io.stackpilot.workflows.api.CatalogResult;
import io.stackpilot.workflows.api.PruneResult;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.StackActivities;
import io.temporal.workflow.Workflow;
import java.util.List;

public class CatalogBackupsWorkflowImpl implements CatalogBackupsWorkflow {

  /** Runs before it said what pruning keeps. */
  static final String RETENTION_VERSION = "catalog-retention";
  static final String EXAMPLE = "{\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"verify\":null}";

  @Override
  public CatalogResult catalog(CatalogRequest request) {
    Inputs.present(request, EXAMPLE);
    DesiredState desired = StackActivities.fetchDesiredState(Inputs.repo(request.repo(), EXAMPLE), Inputs.ref(request.ref()));
    String customer = desired.stack().customer();
    String store = desired.stack().backup().store();
    List<BackupEntry> backups = StackActivities.control(StackActivities.LIST_BACKUPS, "list the backups of " + customer)
        .listBackups(store, customer);
    BackupVerification verified = request.verify() == null || request.verify().isBlank() ? null
        : StackActivities.control(StackActivities.VERIFY_BACKUP, "verify backup " + request.verify() + " of " + customer)
            .verifyBackup(store, customer, request.verify());
    PruneResult retention = desired.stack().backup().keep() == null
        || Workflow.getVersion(RETENTION_VERSION, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION ? null
        : StackActivities.control(StackActivities.PRUNE_BACKUPS, "what pruning the backups of " + customer + " keeps")
            .pruneBackups(customer, desired.stack().backup(), List.of(), true);
    return new CatalogResult(customer, store, backups, verified, retention);
  }
}
