package io.stackpilot.workflows;

import io.stackpilot.workflows.archive.ArchiveBinlogWorkflow;
import io.stackpilot.workflows.archive.ArchiveBinlogWorkflowImpl;
import io.stackpilot.workflows.backup.BackupStackWorkflow;
import io.stackpilot.workflows.backup.BackupStackWorkflowImpl;
import io.stackpilot.workflows.backup.CatalogBackupsWorkflow;
import io.stackpilot.workflows.backup.CatalogBackupsWorkflowImpl;
import io.stackpilot.workflows.drill.DrillStackWorkflow;
import io.stackpilot.workflows.drill.DrillStackWorkflowImpl;
import io.stackpilot.workflows.fleet.FleetIndexWorkflow;
import io.stackpilot.workflows.fleet.FleetIndexWorkflowImpl;
import io.stackpilot.workflows.importing.ImportStackWorkflow;
import io.stackpilot.workflows.importing.ImportStackWorkflowImpl;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.install.InstallStackWorkflowImpl;
import io.stackpilot.workflows.lease.HostLeaseWorkflow;
import io.stackpilot.workflows.lease.HostLeaseWorkflowImpl;
import io.stackpilot.workflows.migrate.MigrateStackWorkflow;
import io.stackpilot.workflows.migrate.MigrateStackWorkflowImpl;
import io.stackpilot.workflows.plan.PlanStackWorkflow;
import io.stackpilot.workflows.plan.PlanStackWorkflowImpl;
import io.stackpilot.workflows.prune.PruneBackupsWorkflow;
import io.stackpilot.workflows.prune.PruneBackupsWorkflowImpl;
import io.stackpilot.workflows.rollout.RolloutReleaseWorkflow;
import io.stackpilot.workflows.rollout.RolloutReleaseWorkflowImpl;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflowImpl;
import io.stackpilot.workflows.rollback.RollbackStackWorkflow;
import io.stackpilot.workflows.rollback.RollbackStackWorkflowImpl;
import io.stackpilot.workflows.update.UpdateStackWorkflow;
import io.stackpilot.workflows.update.UpdateStackWorkflowImpl;
import io.temporal.common.converter.DataConverterException;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.List;

/** Registers every workflow type on a worker of the control task queue. */
public final class StackWorkflows {

  public static final String TASK_QUEUE = "stackpilot";
  public static final List<String> TYPES = List.of(InstallStackWorkflow.TYPE, UpdateStackWorkflow.TYPE,
      MigrateStackWorkflow.TYPE, BackupStackWorkflow.TYPE, PlanStackWorkflow.TYPE, ReconcileStackWorkflow.TYPE,
      CatalogBackupsWorkflow.TYPE, ImportStackWorkflow.TYPE, RollbackStackWorkflow.TYPE,
      DrillStackWorkflow.TYPE, HostLeaseWorkflow.TYPE, ArchiveBinlogWorkflow.TYPE, PruneBackupsWorkflow.TYPE,
      RolloutReleaseWorkflow.TYPE, FleetIndexWorkflow.TYPE);

  private StackWorkflows() {}

  public static void register(Worker worker) {
    // An input that cannot be read fails the run with the reason, instead of retrying the workflow task forever.
    WorkflowImplementationOptions options = WorkflowImplementationOptions.newBuilder()
        .setFailWorkflowExceptionTypes(DataConverterException.class)
        .build();
    worker.registerWorkflowImplementationTypes(options, InstallStackWorkflowImpl.class, UpdateStackWorkflowImpl.class,
        MigrateStackWorkflowImpl.class, BackupStackWorkflowImpl.class, PlanStackWorkflowImpl.class,
        ReconcileStackWorkflowImpl.class, CatalogBackupsWorkflowImpl.class, ImportStackWorkflowImpl.class,
        RollbackStackWorkflowImpl.class, DrillStackWorkflowImpl.class, HostLeaseWorkflowImpl.class,
        ArchiveBinlogWorkflowImpl.class, PruneBackupsWorkflowImpl.class, RolloutReleaseWorkflowImpl.class,
        FleetIndexWorkflowImpl.class);
  }
}
