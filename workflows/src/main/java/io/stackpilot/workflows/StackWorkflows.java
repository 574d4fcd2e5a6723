package io.stackpilot.workflows;

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
      DrillStackWorkflow.TYPE, HostLeaseWorkflow.TYPE);

  private StackWorkflows() {}

  public static void register(Worker worker) {
    // An input that cannot be read fails the run with the reason, instead of retrying the workflow task forever.
    WorkflowImplementationOptions options = WorkflowImplementationOptions.newBuilder()
        .setFailWorkflowExceptionTypes(DataConverterException.class)
        .build();
    worker.registerWorkflowImplementationTypes(options, InstallStackWorkflowImpl.class, UpdateStackWorkflowImpl.class,
        MigrateStackWorkflowImpl.class, BackupStackWorkflowImpl.class, PlanStackWorkflowImpl.class,
        ReconcileStackWorkflowImpl.class, CatalogBackupsWorkflowImpl.class, ImportStackWorkflowImpl.class,
        RollbackStackWorkflowImpl.class, DrillStackWorkflowImpl.class, HostLeaseWorkflowImpl.class);
  }
}
