package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.activities.ServiceChange.Action;
import io.stackpilot.workflows.activities.ServiceChange;
import io.stackpilot.workflows.api.BackupEntry;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.CatalogRequest;
import io.stackpilot.workflows.api.CatalogResult;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.PlanResult;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.StepRecord;
import io.stackpilot.workflows.backup.BackupStackWorkflow;
import io.stackpilot.workflows.backup.CatalogBackupsWorkflow;
import io.stackpilot.workflows.importing.ImportStackWorkflow;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.migrate.MigrateStackWorkflow;
import io.stackpilot.workflows.plan.PlanStackWorkflow;
import io.stackpilot.workflows.update.UpdateStackWorkflow;
import io.temporal.client.WorkflowClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each operation runs exactly the runbook's steps, in order, for each scenario. */
class StepOrderTest {

  private static final String HOST = "host-acme-prod-1:";
  private static final String NEW_HOST = "host-acme-prod-2:";

  @Test
  void installWithoutBackupCopiesTheVanillaBackup() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));

      OperationResult result = t.newWorkflow(InstallStackWorkflow.class, "stack-acme")
          .install(new InstallRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "FindNewestBackup", "SeedFromVanilla",
          HOST + "PrepareHost", HOST + "PullImages", HOST + "StartDatabase", HOST + "RestoreIfEmpty",
          HOST + "MigrateDatabase", HOST + "StartServices", HOST + "VerifyHealth");
      assertThat(result.steps()).extracting(StepRecord::name).containsExactly("resolve desired state", "seed backup",
          "prepare host", "pull images", "start database", "restore if empty", "migrate database", "start services",
          "verify health");
      assertThat(result.steps()).extracting(StepRecord::outcome).containsOnly(StepRecord.DONE);
      assertThat(result).extracting(OperationResult::operation, OperationResult::customer, OperationResult::commit,
          OperationResult::release, OperationResult::host, OperationResult::backupUsed)
          .containsExactly("InstallStack", "acme", "c0ffee1", "1.0.0", "acme-prod-1", "vanilla-1.0.0");
      assertThat(result.servicesStarted()).containsExactly("db", "web", "task-runner");
      t.saveHistory("stack-acme", "InstallStack-vanilla");
    }
  }

  @Test
  void installWithABackupRestoresItWithoutCopying() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = new BackupRef("file:///var/backups/stackpilot/acme", "acme", "20261124T020000Z-1a2b3c4d",
          "1.0.0", "1", "2026-11-24T01:00:00Z", 1 << 20);

      OperationResult result = t.newWorkflow(InstallStackWorkflow.class, "stack-acme")
          .install(new InstallRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "FindNewestBackup",
          HOST + "PrepareHost", HOST + "PullImages", HOST + "StartDatabase", HOST + "RestoreIfEmpty",
          HOST + "MigrateDatabase", HOST + "StartServices", HOST + "VerifyHealth");
      assertThat(result.backupUsed()).isEqualTo("20261124T020000Z-1a2b3c4d");
      assertThat(result.steps()).filteredOn(s -> s.name().equals("restore if empty")).extracting(StepRecord::note)
          .as("how the restore ran, in its step's record").containsExactly("restored 20261124T020000Z-1a2b3c4d");
    }
  }

  @Test
  void updateTakesASafetyBackupBeforeItMigrates() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "beef002"));

      OperationResult result = t.newWorkflow(UpdateStackWorkflow.class, "stack-acme")
          .update(new StackRequest(Samples.REPO, null));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", HOST + "UploadBackupParts", "VerifyBackupParts",
          "WriteBackupManifest safety", HOST + "PrepareHost", HOST + "PullImages", HOST + "MigrateDatabase",
          HOST + "StartServices", HOST + "VerifyHealth");
      assertThat(result.steps()).extracting(StepRecord::name).containsExactly("resolve desired state", "safety backup",
          "prepare host", "pull images", "migrate database", "start services", "verify health");
      assertThat(result.release()).isEqualTo("1.1.0");
      assertThat(result.backupWritten()).matches("\\d{8}T\\d{6}Z-[0-9a-f-]{8}");
      assertThat(result.migrationsApplied()).containsExactly("2 account plans");
      t.saveHistory("stack-acme", "UpdateStack");
    }
  }

  /** The newest backup is unusable (tampered, newer schema): the operator names the one to install from. */
  @Test
  void installFromANamedBackupSkipsTheNewest() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.newestBackup = new BackupRef("file:///var/backups/stackpilot/acme", "acme", "20261125T020000Z-bad00000",
          "1.0.0", "1", "2026-11-25T02:00:00Z", 1 << 20);

      OperationResult result = t.newWorkflow(InstallStackWorkflow.class, "stack-acme")
          .install(new InstallRequest(Samples.REPO, "main", null, "20261124T020000Z-1a2b3c4d", null));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "FindBackup 20261124T020000Z-1a2b3c4d",
          HOST + "PrepareHost", HOST + "PullImages", HOST + "StartDatabase", HOST + "RestoreIfEmpty",
          HOST + "MigrateDatabase", HOST + "StartServices", HOST + "VerifyHealth");
      assertThat(result.backupUsed()).isEqualTo("20261124T020000Z-1a2b3c4d");
      t.saveHistory("stack-acme", "InstallStack-named-backup");
    }
  }

  @Test
  void migrateFromANamedBackupTakesNoFinalBackup() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1", "acme-prod-2")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-2", "d00d003"));

      OperationResult result = t.newWorkflow(MigrateStackWorkflow.class, "stack-acme").migrate(new MigrateRequest(
          Samples.REPO, "main", "acme-prod-1", null, null, null, "20261124T020000Z-1a2b3c4d", null));

      assertThat(t.fakes.calls).containsSubsequence("FetchDesiredState", "FindBackup 20261124T020000Z-1a2b3c4d",
          NEW_HOST + "RestoreIfEmpty(new host)", HOST + "StopStack").doesNotContain(HOST + "UploadBackupParts");
      assertThat(result.steps().get(1).note()).isEqualTo("not taken: the input names backup 20261124T020000Z-1a2b3c4d");
      assertThat(result.backupUsed()).isEqualTo("20261124T020000Z-1a2b3c4d");
      assertThat(result.backupWritten()).isNull();
    }
  }

  @Test
  void migrateBacksUpTheOldHostThenInstallsOnTheNewHostAndStopsTheOld() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1", "acme-prod-2")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-2", "d00d003"));

      OperationResult result = t.newWorkflow(MigrateStackWorkflow.class, "stack-acme")
          .migrate(new MigrateRequest(Samples.REPO, "main", "acme-prod-1", true));

      assertThat(t.fakes.calls).as("the final backup itself, not whatever is newest in the store")
          .containsExactly("FetchDesiredState",
          HOST + "UploadBackupParts", "VerifyBackupParts", "WriteBackupManifest final",
          NEW_HOST + "PrepareHost", NEW_HOST + "PullImages", NEW_HOST + "StartDatabase",
          NEW_HOST + "RestoreIfEmpty(new host)", NEW_HOST + "MigrateDatabase", NEW_HOST + "StartServices", NEW_HOST + "VerifyHealth",
          HOST + "StopStack");
      assertThat(result.backupWritten()).as("final backup").isNotNull().isEqualTo(result.backupUsed());
      assertThat(result.host()).isEqualTo("acme-prod-2");
      t.saveHistory("stack-acme", "MigrateStack");
    }
  }

  /** Schedule-to-start timeouts pass in real time even in the test service: the input sets them to seconds. */
  @Test
  void migrateWithTheOldHostDownContinuesWithoutAFinalBackup() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-2")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-2", "d00d003"));
      t.fakes.newestBackup = new BackupRef("file:///var/backups/stackpilot/acme", "acme", "20261124T020000Z-1a2b3c4d",
          "1.0.0", "1", "2026-11-24T01:00:00Z", 1 << 20);
      MigrateStackWorkflow migrate = t.newWorkflow(MigrateStackWorkflow.class, "stack-acme");

      WorkflowClient.start(migrate::migrate, new MigrateRequest(Samples.REPO, "main", "acme-prod-1", null, "PT2S", "PT2S", null, null));
      var pending = Steering.resultOf(migrate);
      Steering.awaitAttention(t.env, migrate, pending);
      assertThat(migrate.status().step()).isEqualTo("stop old stack on acme-prod-1");
      assertThat(migrate.status().lastError()).as("the agent that did not answer is the old host's")
          .contains("is the host agent for 'acme-prod-1' running and polling task queue host-acme-prod-1?");
      migrate.skip();
      OperationResult result = pending.join();

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "FindNewestBackup",
          NEW_HOST + "PrepareHost", NEW_HOST + "PullImages", NEW_HOST + "StartDatabase", NEW_HOST + "RestoreIfEmpty(new host)",
          NEW_HOST + "MigrateDatabase", NEW_HOST + "StartServices", NEW_HOST + "VerifyHealth");
      assertThat(result.steps().get(1)).extracting(StepRecord::name, StepRecord::outcome, StepRecord::note)
          .containsExactly("final backup on acme-prod-1", StepRecord.DONE,
              "old host acme-prod-1 did not answer within PT2S: continuing from the newest backup in the store");
      assertThat(result.steps().get(result.steps().size() - 1))
          .extracting(StepRecord::name, StepRecord::outcome)
          .containsExactly("stop old stack on acme-prod-1", StepRecord.SKIPPED);
      assertThat(result.backupUsed()).isEqualTo("20261124T020000Z-1a2b3c4d");
      assertThat(result.backupWritten()).isNull();
      t.saveHistory("stack-acme", "MigrateStack-old-host-down");
    }
  }

  @Test
  void backupWritesTheManifestLast() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));

      OperationResult result = t.newWorkflow(BackupStackWorkflow.class, "stack-acme")
          .backup(new BackupRequest(Samples.REPO, "main", "manual"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", HOST + "UploadBackupParts", "VerifyBackupParts",
          "WriteBackupManifest manual");
      assertThat(result.steps()).extracting(StepRecord::name, StepRecord::note).containsExactly(
          tuple("resolve desired state", null), tuple("dump and upload", FakeActivities.DUMPED),
          tuple("verify parts", null), tuple("write manifest", null),
          tuple("prune old backups", "stack.yaml sets no backup.keep: every backup is kept"));
      assertThat(result.backupWritten()).isEqualTo(t.fakes.newestBackup.id());
      assertThat(result.pruned()).isNull();
      t.saveHistory("stack-acme", "BackupStack-no-keep");
    }
  }

  @Test
  void backupPrunesByBackupKeepAfterTheManifestKeepingTheBackupItWrote() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  keep: { daily: 7, monthly: 12 }\n"));

      OperationResult result = t.newWorkflow(BackupStackWorkflow.class, "stack-acme")
          .backup(new BackupRequest(Samples.REPO, "main", "nightly"));

      String written = t.fakes.newestBackup.id();
      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", HOST + "UploadBackupParts", "VerifyBackupParts",
          "WriteBackupManifest nightly", "PruneBackups keep KeepPolicy[daily=7, weekly=0, monthly=12, yearly=0] in use ["
              + written + "]");
      assertThat(result.steps().get(4)).extracting(StepRecord::name, StepRecord::note).containsExactly("prune old backups",
          "deleted 1 backup and 0 leftovers (4.1 kB), kept 1");
      assertThat(result.pruned().deleted()).containsExactly("20261101T010000Z-0a0b0c0d");
      t.saveHistory("stack-acme", "BackupStack-pruned");
    }
  }

  @Test
  void pruneBackupsIsAnOperationOfItsOwn() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  keep: { weekly: 4 }\n"));

      OperationResult result = t.newWorkflow(io.stackpilot.workflows.prune.PruneBackupsWorkflow.class, "stack-acme")
          .prune(new io.stackpilot.workflows.api.PruneRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState",
          "PruneBackups keep KeepPolicy[daily=0, weekly=4, monthly=0, yearly=0] in use []");
      assertThat(result.operation()).isEqualTo("PruneBackups");
      assertThat(result.steps()).extracting(StepRecord::name).containsExactly("resolve desired state", "prune old backups");
      assertThat(result.pruned().backups()).hasSize(2);
      t.saveHistory("stack-acme", "PruneBackups");
    }
  }

  @Test
  void planAsksTheHostWhatWouldChangeAndChangesNothing() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
      t.fakes.hostPlan("acme-prod-1", new HostPlan(List.of(new ServiceChange("web", Action.RECREATE,
          "image demo/web:1.0.0 → demo/web:1.1.0"), new ServiceChange("db", Action.UNCHANGED, "up to date")), false, List.of("db", "web"), List.of("demo/web:1.1.0")));

      PlanResult plan = t.newWorkflow(PlanStackWorkflow.class, "plan-acme-1")
          .plan(new StackRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", HOST + "PlanServices", HOST + "PlanData null");
      assertThat(plan).extracting(PlanResult::customer, PlanResult::commit, PlanResult::release, PlanResult::host,
          PlanResult::changesNothing).containsExactly("acme", "c0ffee2", "1.1.0", "acme-prod-1", false);
      assertThat(plan.changes()).containsExactly("web: recreate — image demo/web:1.0.0 → demo/web:1.1.0",
          "db: unchanged — up to date");
      assertThat(plan.migrations()).containsExactly("V2 account plans");
      assertThat(plan.backup()).isEqualTo("a safety backup of the running database before anything changes");
      assertThat(plan.imagesToPull()).containsExactly("demo/web:1.1.0");
      assertThat(plan.restarts()).containsExactly("web");
      assertThat(plan.downtime()).isEqualTo("web down from their stop until healthy, the migrations running meanwhile");
      t.saveHistory("plan-acme-1", "PlanStack-data");
    }
  }

  @Test
  void planOfANewInstallationNamesTheBackupItWouldRestoreAndHowLongThatTakes() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
      t.fakes.newestBackup = new io.stackpilot.workflows.activities.BackupRef("file:///var/backups/stackpilot/acme", "acme",
          "20261130T020000Z-1a2b3c4d", "1.1.0", "2", "2026-11-30T02:00:00Z", 3_600_000_000L);

      PlanResult plan = t.newWorkflow(PlanStackWorkflow.class, "plan-acme-1")
          .plan(new StackRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", HOST + "PlanServices", "FindNewestBackup",
          HOST + "PlanData 2");
      assertThat(plan.backup()).isEqualTo("restore backup 20261130T020000Z-1a2b3c4d (release 1.1.0, schema 2, 3.6 GB, "
          + "2026-11-30T02:00:00Z)");
      assertThat(plan.migrations()).isEmpty();
      assertThat(plan.downtime()).isEqualTo("about 60 min to restore 3.6 GB at 1.0 MB/s, the last restore measured on "
          + "this host");
    }
  }

  @Test
  void catalogListsTheStoreStackYamlNamesAndVerifiesTheBackupAskedFor() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));

      CatalogResult catalog = t.newWorkflow(CatalogBackupsWorkflow.class, "backups-acme-1")
          .catalog(new CatalogRequest(Samples.REPO, "main", "20261125T020000Z-1a2b3c4d"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "ListBackups", "VerifyBackup 20261125T020000Z-1a2b3c4d");
      assertThat(catalog.customer()).isEqualTo("acme");
      assertThat(catalog.backups()).extracting(BackupEntry::complete).containsExactly(true, false);
      assertThat(catalog.verified().intact()).isTrue();
      t.saveHistory("backups-acme-1", "CatalogBackups");
    }
  }

  @Test
  void catalogOfAStackWithBackupKeepSaysWhatPruningKeepsAndDeletesNothing() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  keep: { daily: 7 }\n"));

      CatalogResult catalog = t.newWorkflow(CatalogBackupsWorkflow.class, "backups-acme-1")
          .catalog(new CatalogRequest(Samples.REPO, "main", null));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "ListBackups",
          "PruneBackups (dry run) keep KeepPolicy[daily=7, weekly=0, monthly=0, yearly=0] in use []");
      assertThat(catalog.retention().dryRun()).isTrue();
      t.saveHistory("backups-acme-1", "CatalogBackups-retention");
    }
  }

  @Test
  void importReadsTheOldInstallationOnItsHostThenVerifiesAndWritesTheManifest() {
    try (StackTestEnvironment t = new StackTestEnvironment("old-acme")) {
      t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));

      OperationResult result = t.newWorkflow(ImportStackWorkflow.class, "stack-acme").importInstallation(
          new io.stackpilot.workflows.api.ImportRequest(Samples.REPO, "main", "old-acme", "/srv/import/acme.sql.gz",
              "/srv/import/files", "1", null, null));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState",
          "host-old-acme:ImportBackupParts /srv/import/acme.sql.gz /srv/import/files at 1", "VerifyBackupParts",
          "WriteBackupManifest import");
      assertThat(result.steps()).extracting(StepRecord::name).containsExactly("resolve desired state",
          "import dump and files on old-acme", "verify parts", "write manifest");
      assertThat(result.backupWritten()).isNotNull();
      t.saveHistory("stack-acme", "ImportStack");
    }
  }

  /** A stack that archives its binary log recovers to the newest archived point: its newest backup, then the log. */
  @Test
  void installOfAStackThatArchivesItsBinlogReplaysTheLogAfterTheNewestBackup() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  binlog: { every: PT1M }\n"));
      t.fakes.newestBackup = backupWithItsLogArchived();

      OperationResult result = t.newWorkflow(InstallStackWorkflow.class, "stack-acme")
          .install(new InstallRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "FindNewestBackup",
          "PlanRecovery 20261125T020000Z-1a2b3c4d until latest", HOST + "PrepareHost", HOST + "PullImages",
          HOST + "StartDatabase", HOST + "RestoreIfEmpty", HOST + "MigrateDatabase", HOST + "StartServices",
          HOST + "VerifyHealth");
      assertThat(result.backupUsed()).isEqualTo("20261125T020000Z-1a2b3c4d");
      assertThat(result.recoveredTo()).isEqualTo("2026-11-25T09:59:58Z");
      assertThat(result.recovery()).contains("replayed 1 archived segments");
      assertThat(result.steps().get(1).note()).contains("then 1 archived binary log segments", "to 2026-11-25T09:59:58Z");
      t.saveHistory("stack-acme", "InstallStack-point-in-time");
    }
  }

  /** A migration to a point in time takes no final backup: the new host recovers from the store to that instant. */
  @Test
  void migrateToAPointInTimeRecoversFromTheStoreWithoutAFinalBackup() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1", "acme-prod-2")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-2", "d00d003", "  binlog: { every: PT1M }\n"));
      t.fakes.newestBackup = backupWithItsLogArchived();

      OperationResult result = t.newWorkflow(MigrateStackWorkflow.class, "stack-acme").migrate(new MigrateRequest(
          Samples.REPO, "main", "acme-prod-1", null, null, null, null, null, "2026-11-25T08:00:00Z"));

      assertThat(t.fakes.calls).containsExactly("FetchDesiredState", "PlanRecovery newest until 2026-11-25T08:00:00Z",
          NEW_HOST + "PrepareHost", NEW_HOST + "PullImages", NEW_HOST + "StartDatabase",
          NEW_HOST + "RestoreIfEmpty(new host)", NEW_HOST + "MigrateDatabase", NEW_HOST + "StartServices",
          NEW_HOST + "VerifyHealth", HOST + "StopStack");
      assertThat(result.steps().get(1).note()).contains("asks for the stack as it was at 2026-11-25T08:00:00Z");
      assertThat(result.recoveredTo()).isEqualTo("2026-11-25T08:00:00Z");
      t.saveHistory("stack-acme", "MigrateStack-until");
    }
  }

  /** The plan of a stack to be installed from an archived binary log names the segments the restore would replay. */
  @Test
  void planOfARecoveryNamesTheSegmentsItWouldReplay() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1", "  binlog: { every: PT1M }\n"));
      t.fakes.newestBackup = backupWithItsLogArchived();

      PlanResult plan = t.newWorkflow(PlanStackWorkflow.class, "plan-acme-1").plan(new StackRequest(Samples.REPO, "main"));

      assertThat(t.fakes.calls).containsSubsequence("FindNewestBackup", "PlanRecovery 20261125T020000Z-1a2b3c4d until latest");
      assertThat(plan.backup()).startsWith("restore backup 20261125T020000Z-1a2b3c4d")
          .contains(", then replay 1 archived binary log segments (", "binlog.000003 to binlog.000003) to 2026-11-25T09:59:58Z");
      t.saveHistory("plan-acme-1", "PlanStack-point-in-time");
    }
  }

  /** A nightly backup of a stack whose binary log is archived: where its dump stands in the log. */
  private static BackupRef backupWithItsLogArchived() {
    return new BackupRef("file:///var/backups/stackpilot/acme", "acme", "20261125T020000Z-1a2b3c4d", "1.0.0", "1",
        "2026-11-25T02:00:00Z", 1 << 20,
        new io.stackpilot.workflows.activities.BinlogPosition("0f1e2d3c-lineage", "binlog.000003", 1234), null);
  }
}
