package io.stackpilot.workflows.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.workflows.Samples;
import io.stackpilot.workflows.StackTestEnvironment;
import io.stackpilot.workflows.activities.ArchiveProgress;
import io.stackpilot.workflows.api.ArchiveRequest;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.Notification;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The archive of a stack's binary log keeps shipping runs going on the stack's host; a run that finds no chain (no base
 * backup yet, or a gap) gets a full backup of kind chain taken as the stack's operation, a gap is reported once, and
 * archiving ends when stack.yaml stops asking for it.
 */
class ArchiveBinlogTest {

  private static final String HOST = "host-acme-prod-1:";
  private static final String LINEAGE = "0f1e2d3c-lineage";

  @Test
  void aChainStartsWithAFullBackupAGapIsReportedOnceAndClosedAndArchivingEndsWithTheSetting() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("c0ffee1", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  binlog: { every: PT1M }\n"));
      t.fakes.desiredState("c0ffee2", Samples.acme("1.0.0", "acme-prod-1", "c0ffee2"));
      String gap = "binlog.000005 of binary log " + LINEAGE + " is gone from the server before it was archived";
      t.fakes.shipping.add(new ArchiveProgress(ArchiveProgress.NEEDS_BASE, LINEAGE, null, null, 0, "no full backup starts a chain"));
      t.fakes.shipping.add(new ArchiveProgress(ArchiveProgress.ARCHIVING, LINEAGE, "binlog.000004", "2026-12-01T09:01:00Z", 3, null));
      t.fakes.shipping.add(new ArchiveProgress(ArchiveProgress.GAP, LINEAGE, "binlog.000004", "2026-12-01T09:01:00Z", 0, gap));
      t.fakes.shipping.add(new ArchiveProgress(ArchiveProgress.ARCHIVING, LINEAGE, "binlog.000009", "2026-12-01T09:05:00Z", 2, null));
      ArchiveBinlogWorkflow archive = t.client().newWorkflowStub(ArchiveBinlogWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.archiveId("acme")).setTaskQueue(StackNames.TASK_QUEUE).build());
      WorkflowClient.start(archive::archive, new ArchiveRequest(Samples.REPO, "c0ffee1", null, "PT1M", null));

      for (int i = 0; i < 100 && t.fakes.count(HOST + "ShipBinlog") < 5; i++) {
        t.env.sleep(Duration.ofSeconds(30));
      }
      ArchiveStatus archiving = archive.status();
      archive.follow("c0ffee2");
      WorkflowStub.fromTyped(archive).getResult(Void.class);

      assertThat(t.fakes.calls).containsSubsequence(HOST + "ShipBinlog", HOST + "UploadBackupParts",
          "WriteBackupManifest chain", HOST + "ShipBinlog", HOST + "ShipBinlog", HOST + "UploadBackupParts",
          "WriteBackupManifest chain", HOST + "ShipBinlog");
      assertThat(t.fakes.count("WriteBackupManifest chain")).as("one for the start, one for the gap").isEqualTo(2);
      assertThat(t.fakes.notifications).filteredOn(n -> n.event().equals(Notification.ATTENTION))
          .singleElement().satisfies(n -> assertThat(n.text()).contains("has a gap", gap));
      assertThat(archiving.gaps()).isEqualTo(1);
      assertThat(archiving.lastGap()).isEqualTo(gap);
      assertThat(archiving.lineage()).isEqualTo(LINEAGE);
      assertThat(archiving.chainBackup()).isNotNull();
      assertThat(archive.status().state()).isEqualTo(ArchiveStatus.STOPPED);
      t.saveHistory(StackNames.archiveId("acme"), "ArchiveBinlog");
    }
  }

  @Test
  void aShippingRunThatFailsIsReportedAndTriedAgain() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("c0ffee1", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  binlog: { every: PT1M }\n"));
      t.fakes.desiredState("c0ffee2", Samples.acme("1.0.0", "acme-prod-1", "c0ffee2"));
      t.fakes.fail(HOST + "ShipBinlog", 5, io.temporal.failure.ApplicationFailure.newFailure(
          "the database container acme-db-1 is not running", "DatabaseError"));
      ArchiveBinlogWorkflow archive = t.client().newWorkflowStub(ArchiveBinlogWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.archiveId("acme")).setTaskQueue(StackNames.TASK_QUEUE).build());
      WorkflowClient.start(archive::archive, new ArchiveRequest(Samples.REPO, "c0ffee1", null, "PT1M", null));

      ArchiveStatus failing = null;
      for (int i = 0; i < 100; i++) {
        t.env.sleep(Duration.ofSeconds(10));
        ArchiveStatus now = archive.status();
        if (now.lastError() != null) {
          failing = now;
          break;
        }
      }
      for (int i = 0; i < 100 && t.fakes.count(HOST + "ShipBinlog") < 7; i++) {
        t.env.sleep(Duration.ofSeconds(30));
      }
      ArchiveStatus recovered = archive.status();
      archive.follow("c0ffee2");
      WorkflowStub.fromTyped(archive).getResult(Void.class);

      assertThat(failing).isNotNull();
      assertThat(failing.lastError()).contains("archiving on acme-prod-1 failed", "not running");
      assertThat(recovered.lastError()).isNull();
      assertThat(recovered.state()).isEqualTo(ArchiveProgress.ARCHIVING);
    }
  }
}
