package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.workflows.activities.BackupId;
import io.stackpilot.workflows.api.StackNames;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Workflow ids, task queues and backup ids are made and read in one place, and read back what they made. */
class NamingTest {

  @Test
  void everyWorkflowIdNamesItsCustomer() {
    assertThat(StackNames.operationId("acme")).isEqualTo("stack-acme");
    assertThat(StackNames.reconcileId("acme")).isEqualTo("reconcile-acme");
    assertThat(StackNames.planId("acme-eu", 1764000000000L)).isEqualTo("plan-acme-eu-1764000000000");
    assertThat(StackNames.hostTaskQueue("acme-prod-1")).isEqualTo("host-acme-prod-1");

    assertThat(StackNames.customerOf(StackNames.operationId("acme-eu"))).contains("acme-eu");
    assertThat(StackNames.customerOf(StackNames.reconcileId("acme-eu"))).contains("acme-eu");
    assertThat(StackNames.customerOf(StackNames.planId("acme-eu", 17))).contains("acme-eu");
    assertThat(StackNames.customerOf("nightly-report")).isEmpty();
    assertThat(StackNames.customerOfOperation(StackNames.reconcileId("acme"))).isEmpty();
    assertThat(StackNames.customerOfReconcile("reconcile-")).isEmpty();
  }

  @Test
  void backupIdsSortByTimeAndCarryTheirCreationTime() {
    BackupId first = BackupId.of(Instant.parse("2026-12-01T02:00:00.734Z"), "3f2a9c1b-77aa-4c1e-9d1f-0123456789ab");
    BackupId later = BackupId.of(Instant.parse("2026-12-01T02:00:01Z"), "00000000-0000-0000-0000-000000000000");

    assertThat(first.toString()).isEqualTo("20261201T020000Z-3f2a9c1b");
    assertThat(BackupId.parse(first.toString())).isEqualTo(first);
    assertThat(BackupId.parse(first.toString()).createdAt()).isEqualTo(Instant.parse("2026-12-01T02:00:00Z"));
    assertThat(first.toString()).isLessThan(later.toString());
  }

  @Test
  void eachUploadAttemptGetsItsOwnIdOfTheSameBackup() {
    BackupId first = BackupId.parse("20261201T020000Z-3f2a9c1b");

    assertThat(first.attempt(2).toString()).isEqualTo("20261201T020000Z-3f2a9c1b-2");
    assertThat(BackupId.parse("20261201T020000Z-3f2a9c1b-2")).isEqualTo(first.attempt(2));
    assertThat(first.attempt(2).createdAt()).isEqualTo(first.createdAt());
    assertThat(first.attempt(1)).isEqualTo(first);
  }

  @Test
  void foreignBackupIdIsRefusedNamingTheForm() {
    assertThatThrownBy(() -> BackupId.parse("vanilla-1.0.0"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("backup id 'vanilla-1.0.0' is not <yyyyMMddTHHmmssZ>-<run>, e.g. 20261201T020000Z-3f2a9c1b");
  }
}
