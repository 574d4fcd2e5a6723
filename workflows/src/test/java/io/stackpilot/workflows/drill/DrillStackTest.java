package io.stackpilot.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.workflows.Samples;
import io.stackpilot.workflows.StackTestEnvironment;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DataComparison;
import io.stackpilot.workflows.api.DrillRequest;
import io.stackpilot.workflows.api.DrillResult;
import io.stackpilot.workflows.api.StepRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DrillStack with scripted activities: the copy it restores and checks, what it measures, and that it leaves nothing. */
class DrillStackTest {

  private static final String HOST = "host-acme-prod-1:";
  /** Taken two hours before the test clock starts. */
  private static final BackupRef NEWEST = new BackupRef("file:///var/backups/stackpilot/acme", "acme",
      "20261201T070000Z-0a0b0c0d", "1.0.0", "1", "2026-12-01T07:00:00Z", 1 << 20);

  @Test
  void drillRestoresTheNewestBackupOnACopyComparesItMeasuresRtoAndRpoAndRemovesTheCopy() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = NEWEST;

      DrillResult result = t.newWorkflow(DrillStackWorkflow.class, "stack-acme").drill(new DrillRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "FindNewestBackup", HOST + "RemoveDrill acme-drill",
          HOST + "PrepareHost acme-drill", HOST + "PullImages", HOST + "StartDatabase", HOST + "RestoreIfEmpty(new host)",
          HOST + "CompareWithBackup acme-drill " + NEWEST.id(), HOST + "MigrateDatabase", HOST + "StartServices",
          HOST + "VerifyHealth", HOST + "RemoveDrill acme-drill");
      assertThat(result.steps()).extracting(StepRecord::name).containsExactly("resolve desired state", "choose backup",
          "prepare drill on acme-prod-1", "pull images", "start database", "restore if empty", "compare with backup",
          "migrate database", "start services", "verify health", "remove drill on acme-prod-1");
      assertThat(result.backupId()).isEqualTo(NEWEST.id());
      assertThat(result.rpoSeconds()).as("the backup's age when the drill began").isBetween(7200L, 7300L);
      assertThat(result.rtoSeconds()).isBetween(0L, 60L);
      assertThat(result.tablesCompared()).isEqualTo(3);
      assertThat(result.note()).isNull();
      assertThat(t.fakes.readAhead).as("the dump read ahead as a recovery reads it")
          .containsExactly(HOST + "StageBackup " + NEWEST.id());
      t.saveHistory("stack-acme", "DrillStack");
    }
  }

  @Test
  void drillWhoseRestoredDataDiffersFromTheFingerprintsFailsNamingTheTableAndLeavesNothing() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = NEWEST;
      t.fakes.comparison = new DataComparison(true, 3, List.of("accounts: 3 rows in the backup, 2 restored"));
      DrillStackWorkflow drill = t.newWorkflow(DrillStackWorkflow.class, "stack-acme");

      assertThatThrownBy(() -> drill.drill(new DrillRequest(Samples.REPO, "main")))
          .hasStackTraceContaining("backup " + NEWEST.id() + " restored data that does not match its fingerprints: "
              + "accounts: 3 rows in the backup, 2 restored");
      assertThat(t.fakes.calls).endsWith(HOST + "CompareWithBackup acme-drill " + NEWEST.id(), HOST + "RemoveDrill acme-drill")
          .doesNotContain(HOST + "StartServices");
      assertThat(drill.status().state()).isEqualTo("Failed");
    }
  }

  @Test
  void drillOnTheDrillHostOfStackYaml() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1", "drill-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = NEWEST;

      DrillResult result = t.newWorkflow(DrillStackWorkflow.class, "stack-acme")
          .drill(new DrillRequest(Samples.REPO, "main", null, "drill-1", null, null));

      assertThat(result.host()).isEqualTo("drill-1");
      assertThat(t.fakes.calls).contains("host-drill-1:RestoreIfEmpty(new host)").noneMatch(c -> c.startsWith(HOST));
    }
  }

  /**
   * A stack whose binary log is archived is drilled at a point read from the live stack: the copy is recovered to
   * exactly that position, and every table is compared with the live one.
   */
  @Test
  void drillOfAStackWithItsLogArchivedRecoversToWhereTheLiveStackWasReadAndComparesWithIt() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  binlog: { every: PT1M }\n"));
      t.fakes.newestBackup = new BackupRef(NEWEST.store(), "acme", NEWEST.id(), "1.0.0", "1", NEWEST.createdAt(), 1 << 20,
          new io.stackpilot.workflows.activities.BinlogPosition("0f1e2d3c-lineage", "binlog.000003", 1234), null);

      DrillResult result = t.newWorkflow(DrillStackWorkflow.class, "stack-acme").drill(new DrillRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsSubsequence("FindNewestBackup", "PlanRecovery " + NEWEST.id() + " until latest",
          HOST + "ReadLivePoint", "PlanRecovery " + NEWEST.id() + " until latest", HOST + "PrepareHost acme-drill",
          HOST + "RestoreIfEmpty(new host)", HOST + "CompareWithBackup acme-drill " + NEWEST.id(), HOST + "VerifyHealth");
      assertThat(result.steps()).extracting(StepRecord::name).containsSubsequence("choose backup",
          "read the live stack on acme-prod-1", "wait for the archive", "prepare drill on acme-prod-1");
      assertThat(result.note()).contains("compared 3 tables with the live stack at binlog.000003:777");
      assertThat(result.rpoSeconds()).as("from the point it recovered to, not the backup's age").isLessThan(600L);
      t.saveHistory("stack-acme", "DrillStack-live-point");
    }
  }
}
