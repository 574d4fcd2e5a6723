package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.workflows.archive.ArchiveBinlogWorkflow;
import io.stackpilot.workflows.archive.ArchiveBinlogWorkflowImpl;
import io.stackpilot.workflows.backup.BackupStackWorkflowImpl;
import io.stackpilot.workflows.backup.CatalogBackupsWorkflow;
import io.stackpilot.workflows.backup.CatalogBackupsWorkflowImpl;
import io.stackpilot.workflows.drill.DrillStackWorkflowImpl;
import io.stackpilot.workflows.importing.ImportStackWorkflowImpl;
import io.stackpilot.workflows.install.InstallStackWorkflowImpl;
import io.stackpilot.workflows.lease.HostLeaseWorkflow;
import io.stackpilot.workflows.lease.HostLeaseWorkflowImpl;
import io.stackpilot.workflows.migrate.MigrateStackWorkflowImpl;
import io.stackpilot.workflows.plan.PlanStackWorkflow;
import io.stackpilot.workflows.plan.PlanStackWorkflowImpl;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflowImpl;
import io.stackpilot.workflows.rollback.RollbackStackWorkflowImpl;
import io.stackpilot.workflows.update.UpdateStackWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recorded histories of every workflow type replay against today's code: a change that is not deterministic
 * (without Workflow.getVersion) fails here. Refresh them with dev/record-histories when adding a scenario.
 */
class ReplayTest {

  static Stream<String> histories() throws IOException, URISyntaxException {
    URL dir = ReplayTest.class.getResource("/histories");
    assertThat(dir).as("src/test/resources/histories").isNotNull();
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
    }
  }

  /** A JSON history does not carry its workflow id; the runs check theirs against the customer. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void recordedHistoryReplays(String file) throws Exception {
    String json = Files.readString(Path.of(ReplayTest.class.getResource("/histories/" + file).toURI()));
    WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(json, workflowId(file)),
        InstallStackWorkflowImpl.class, UpdateStackWorkflowImpl.class, MigrateStackWorkflowImpl.class,
        BackupStackWorkflowImpl.class, PlanStackWorkflowImpl.class,
        ReconcileStackWorkflowImpl.class, CatalogBackupsWorkflowImpl.class,
        ImportStackWorkflowImpl.class, RollbackStackWorkflowImpl.class, DrillStackWorkflowImpl.class,
        HostLeaseWorkflowImpl.class, ArchiveBinlogWorkflowImpl.class, io.stackpilot.workflows.prune.PruneBackupsWorkflowImpl.class,
        io.stackpilot.workflows.rollout.RolloutReleaseWorkflowImpl.class,
        io.stackpilot.workflows.fleet.FleetIndexWorkflowImpl.class);
  }

  private static String workflowId(String file) {
    if (file.startsWith(PlanStackWorkflow.TYPE)) {
      return "plan-acme-1";
    }
    if (file.startsWith(CatalogBackupsWorkflow.TYPE)) {
      return "backups-acme-1";
    }
    if (file.startsWith(ArchiveBinlogWorkflow.TYPE)) {
      return "binlog-acme";
    }
    if (file.startsWith(HostLeaseWorkflow.TYPE)) {
      return "host-lease-acme-prod-1";
    }
    if (file.startsWith(io.stackpilot.workflows.rollout.RolloutReleaseWorkflow.TYPE)) {
      return "rollout-r-20261204-0a1b";
    }
    if (file.startsWith(io.stackpilot.workflows.fleet.FleetIndexWorkflow.TYPE)) {
      return io.stackpilot.workflows.fleet.FleetIndexWorkflow.ID;
    }
    return file.startsWith(ReconcileStackWorkflow.TYPE) ? "reconcile-acme" : "stack-acme";
  }

  @Test
  void everyWorkflowTypeHasARecordedHistory() throws Exception {
    List<String> files = histories().toList();

    for (String type : StackWorkflows.TYPES) {
      assertThat(files).as("a recorded history of " + type).anyMatch(f -> f.startsWith(type));
    }
  }
}
