package io.stackpilot.workflows.backup;

import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.BackupEntry;
import io.stackpilot.workflows.api.BackupVerification;
import io.stackpilot.workflows.api.CatalogRequest;
import io.stackpilot.workflows.api.CatalogResult;
import io.stackpilot.workflows.steps.Inputs;
import io.stackpilot.workflows.steps.StackActivities;
import java.util.List;

public class CatalogBackupsWorkflowImpl implements CatalogBackupsWorkflow {

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
    return new CatalogResult(customer, store, backups, verified);
  }
}
