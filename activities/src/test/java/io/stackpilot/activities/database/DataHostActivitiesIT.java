package io.stackpilot.activities.database;

import io.stackpilot.model.StackRules;
import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.compose.RegistryCredentials;
import io.stackpilot.activities.compose.SecretResolver;
import io.stackpilot.activities.compose.StackHostActivitiesImpl;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.StoreActivitiesImpl;
import io.stackpilot.activities.store.StoreLocations;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.stackpilot.workflows.activities.StoreActivities;
import io.stackpilot.failures.FailureType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host agent's data steps as an install and an update run them, on a real stack: seed, restore, migrate,
 * back up, and the new backup verified and committed by the store activities.
 */
class DataHostActivitiesIT {

  private final DockerClient docker = TestEnvironment.docker();
  private final ComposeApplier applier = new ComposeApplier(docker, Duration.ofMinutes(2), RegistryCredentials.none());
  private final StoreLocations locations = new StoreLocations(Map.of());
  private final TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
  private final String customer = "dh-" + UUID.randomUUID().toString().substring(0, 8);
  private final SecretResolver secrets = new SecretResolver(
      Map.of(StackRules.envPrefix(customer) + "DB_ROOT_PASSWORD", "dh-secret"), StackRules.DEFAULT);

  @TempDir
  Path temp;

  private final java.util.List<String> heartbeats = new java.util.concurrent.CopyOnWriteArrayList<>();
  private StackHostActivities stackSteps;
  private DataHostActivities dataSteps;
  private StoreActivities storeSteps;

  @BeforeEach
  void register() {
    String releases = TestEnvironment.releasesDir().toString();
    temporal.registerActivitiesImplementations(
        new StackHostActivitiesImpl(applier, secrets, temp.resolve("stacks")),
        new DataHostActivitiesImpl(docker, TestEnvironment.dockerHost(), applier, secrets, locations, releases, temp.resolve("stacks"), 0),
        new StoreActivitiesImpl(locations, releases));
    temporal.setActivityHeartbeatListener(String.class, heartbeats::add);
    stackSteps = temporal.newActivityStub(StackHostActivities.class);
    dataSteps = temporal.newActivityStub(DataHostActivities.class);
    storeSteps = temporal.newActivityStub(StoreActivities.class);
  }

  @AfterEach
  void clean() {
    temporal.close();
    applier.down(customer);
    for (String volume : new String[] {"db-data", "app-data"}) {
      try {
        docker.removeVolumeCmd(customer + "_" + volume).exec();
      } catch (RuntimeException gone) {
        // never created
      }
    }
  }

  private DesiredState stack(String release) throws Exception {
    String yaml = Files.readString(Path.of("..", "config-samples", "customer-acme", "stack.yaml"))
        .replace("customer: acme", "customer: " + customer).replace("release: 1.0.0", "release: " + release)
        .replace("services: [db, web, task-runner]", "services: [db]")
        .replace("env:ACME__DB_ROOT_PASSWORD", "env:" + StackRules.envPrefix(customer) + "DB_ROOT_PASSWORD").replace("env:\n  web: { LOG_LEVEL: info }\n", "")
        .replace("file:///var/backups/stackpilot/acme", "file://" + temp.resolve("backups"));
    ValidatedStack v = StackValidator.validate(yaml, new DirectoryReleaseStore(TestEnvironment.releasesDir())).orThrow();
    return new DesiredState("file:///it/acme.git", "c0ffee" + release.replace(".", ""), v.stack(), v.release());
  }

  @Test
  void installRestoresTheVanillaBackupAndAnUpdateMigratesAndBacksUp() throws Exception {
    DesiredState installed = stack("1.0.0");
    String store = installed.stack().backup().store();
    stackSteps.prepareHost(installed);
    stackSteps.startDatabase(installed);
    BackupRef vanilla = storeSteps.seedFromVanilla(store, customer, "1.0.0");

    var restored = dataSteps.restoreIfEmpty(installed, vanilla, false);
    var again = dataSteps.restoreIfEmpty(installed, vanilla, false);
    var nothingToMigrate = dataSteps.migrateDatabase(installed);

    assertThat(restored.restored()).isTrue();
    assertThat(heartbeats).as("progress in bytes and percent (the SDK throttles heartbeats)")
        .anyMatch(h -> h.matches("(verify|restore) (db\\.sql\\.zst of vanilla-1\\.0\\.0|files\\.tar\\.zst.*).*"));
    assertThat(again.restored()).isFalse();
    assertThat(nothingToMigrate.applied()).isEmpty();
    assertThat(nothingToMigrate.schemaVersion()).isEqualTo("1");

    DesiredState updated = stack("1.1.0");
    BackupParts safety = dataSteps.uploadBackupParts(installed, "20261125T030000Z-safety1");
    storeSteps.verifyBackupParts(safety);
    BackupRef safetyRef = storeSteps.writeBackupManifest(safety);
    stackSteps.prepareHost(updated);
    var migrated = dataSteps.migrateDatabase(updated);
    BackupParts nightly = dataSteps.uploadBackupParts(updated, "20261126T020000Z-nightly1");
    storeSteps.verifyBackupParts(nightly);
    BackupRef nightlyRef = storeSteps.writeBackupManifest(nightly);

    assertThat(safetyRef).extracting(BackupRef::release, BackupRef::schemaVersion).containsExactly("1.0.0", "1");
    assertThat(safety.images()).containsOnlyKeys("db");
    assertThat(safety.images().get("db")).as("the image that ran, pinned by its registry digest")
        .matches(java.util.regex.Pattern.quote(TestEnvironment.mariadbImage()) + "@sha256:[0-9a-f]{64}");
    assertThat(locations.backupStore(customer, store).manifest(customer, safetyRef.id()).orElseThrow().images())
        .isEqualTo(safety.images());
    assertThat(safety.parts()).extracting(BackupParts.Part::name).containsExactly("db.sql.zst", "files.tar.zst");
    assertThat(migrated.applied()).containsExactly("V2 account plans");
    assertThat(nightlyRef).extracting(BackupRef::release, BackupRef::schemaVersion).containsExactly("1.1.0", "2");
    assertThat(nightly.commit()).isEqualTo("c0ffee110");
    assertThat(storeSteps.findNewestBackup(store, customer)).isEqualTo(nightlyRef);
  }

  @Test
  void anOlderReleaseOnANewerSchemaFailsFatallyBeforeRestoringOrMigrating() throws Exception {
    DesiredState current = stack("1.1.0");
    DesiredState older = stack("1.0.0");
    stackSteps.prepareHost(current);
    stackSteps.startDatabase(current);
    BackupRef vanilla = storeSteps.seedFromVanilla(current.stack().backup().store(), customer, "1.1.0");

    assertThatThrownBy(() -> dataSteps.restoreIfEmpty(older, vanilla, false))
        .isInstanceOf(ActivityFailure.class).cause().isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("backup vanilla-1.1.0 holds database schema version 2")
        .satisfies(f -> assertThat(((ApplicationFailure) f).getType()).isEqualTo(FailureType.SCHEMA_NEWER_THAN_RELEASE.id()))
        .satisfies(f -> assertThat(((ApplicationFailure) f).isNonRetryable()).isTrue());
    assertThat(dataSteps.restoreIfEmpty(current, vanilla, false).restored()).as("nothing was restored the first time").isTrue();
    assertThatThrownBy(() -> dataSteps.migrateDatabase(older))
        .isInstanceOf(ActivityFailure.class).cause().isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("database demo is at schema version 2, newer than release 1.0.0 knows")
        .satisfies(f -> assertThat(((ApplicationFailure) f).getType()).isEqualTo(FailureType.SCHEMA_NEWER_THAN_RELEASE.id()));
  }

  /** The database started and restored from the vanilla backup, as an install leaves it. */
  private BackupRef installFromVanilla(DesiredState installed) {
    stackSteps.prepareHost(installed);
    stackSteps.startDatabase(installed);
    BackupRef vanilla = storeSteps.seedFromVanilla(installed.stack().backup().store(), customer, "1.0.0");
    dataSteps.restoreIfEmpty(installed, vanilla, false);
    return vanilla;
  }

  /**
   * An install that died in the middle of its restore leaves partial data: neither a backup (which would become the
   * newest "valid" one) nor a migration may run on it until the restore is redone.
   */
  @Test
  void anIncompleteRestoreIsRefusedByBackupAndMigrationUntilItIsRedone() throws Exception {
    DesiredState installed = stack("1.0.0");
    BackupRef vanilla = installFromVanilla(installed);
    MariaDbShell shell = new MariaDbShell(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1",
        "dh-secret");
    shell.query("UPDATE stackpilot.restores SET state = 'started'; DROP TABLE demo.notes");

    for (ThrowingCallable refused : List.<ThrowingCallable>of(
        () -> dataSteps.uploadBackupParts(installed, "20261125T040000Z-partial"),
        () -> dataSteps.migrateDatabase(installed))) {
      assertThatThrownBy(refused).isInstanceOf(ActivityFailure.class).cause().isInstanceOf(ApplicationFailure.class)
          .hasMessageContaining("restore of backup vanilla-1.0.0 into database demo is incomplete")
          .satisfies(f -> assertThat(((ApplicationFailure) f).getType()).isEqualTo(FailureType.RESTORE_INCOMPLETE.id()));
    }
    assertThat(temp.resolve("backups").resolve(customer).resolve("20261125T040000Z-partial")).as("nothing dumped")
        .doesNotExist();

    assertThat(dataSteps.restoreIfEmpty(installed, vanilla, false).restored()).as("redone from a clean database").isTrue();
    BackupParts parts = dataSteps.uploadBackupParts(installed, "20261125T050000Z-whole");

    assertThat(shell.query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'demo' AND table_name = 'notes'"))
        .containsExactly("1");
    assertThat(parts.id()).as("a first attempt writes the id it was given").isEqualTo("20261125T050000Z-whole");
    assertThat(heartbeats).as("the dump reports its progress (the SDK sends the first at once, then throttles)")
        .anyMatch(h -> h.startsWith("dump demo into backup 20261125T050000Z-whole")
            || h.matches("dump db\\.sql\\.zst into 20261125T050000Z-whole: \\d+ bytes"));
  }

  /**
   * A tampered newest backup stays in the write-once store: the restore refuses it before the database changes,
   * and names the previous complete backup, whose id it carries for the install to offer.
   */
  @Test
  void aTamperedNewestBackupIsRefusedNamingThePreviousOne() throws Exception {
    DesiredState installed = stack("1.0.0");
    BackupRef vanilla = installFromVanilla(installed);
    BackupParts parts = dataSteps.uploadBackupParts(installed, "20261125T060000Z-newest");
    storeSteps.verifyBackupParts(parts);
    BackupRef newest = storeSteps.writeBackupManifest(parts);
    Path dump = temp.resolve("backups").resolve(customer).resolve(newest.id()).resolve("db.sql.zst");
    dump.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(dump);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(dump, bytes);

    assertThatThrownBy(() -> dataSteps.restoreIfEmpty(installed, newest, true))
        .isInstanceOf(ActivityFailure.class).cause().isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("backup 20261125T060000Z-newest: part db.sql.zst does not match its manifest")
        .hasMessageContaining("nothing was restored. The previous complete backup is vanilla-1.0.0 (release 1.0.0, "
            + "2026-10-01T00:00:00Z)")
        .satisfies(f -> assertThat(((ApplicationFailure) f).getType()).isEqualTo(FailureType.TAMPERED_BACKUP.id()))
        .satisfies(f -> assertThat(((ApplicationFailure) f).getDetails().get(0, String.class))
            .as("the id the install offers to retry with").isEqualTo("vanilla-1.0.0"));
    MariaDbShell shell = new MariaDbShell(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1",
        "dh-secret");
    assertThat(shell.query("SELECT backup_id, state FROM stackpilot.restores")).as("the earlier restore is untouched")
        .containsExactly("vanilla-1.0.0\tcomplete");
  }

  /**
   * An install reads the dump ahead while its database starts: the restore loads the copy kept then, and does not read
   * the store's dump again (it is gone from the store before the restore here).
   */
  @Test
  void aDumpReadAheadWhileTheDatabaseStartsIsLoadedFromTheKeptCopy() throws Exception {
    DesiredState installed = stack("1.0.0");
    stackSteps.prepareHost(installed);
    BackupRef vanilla = storeSteps.seedFromVanilla(installed.stack().backup().store(), customer, "1.0.0");

    String readAhead = dataSteps.stageBackup(installed, vanilla, false);
    Files.delete(storedDump(vanilla));
    stackSteps.startDatabase(installed);
    var restored = dataSteps.restoreIfEmpty(installed, vanilla, false);

    assertThat(readAhead).startsWith("read db.sql.zst of backup vanilla-1.0.0 ahead in ")
        .contains("every statement is one a dump may hold");
    assertThat(restored.restored()).isTrue();
    assertThat(restored.reason()).contains("read and verified while the database started");
    assertThat(dataSteps.migrateDatabase(installed).schemaVersion()).isEqualTo("1");
  }

  /** A server that reads the dump otherwise than the read ahead assumed (another SQL mode) has the kept copy scanned again. */
  @Test
  void aDumpReadAheadIsScannedAgainForAServerThatReadsItOtherwise() throws Exception {
    DesiredState installed = stack("1.0.0");
    stackSteps.prepareHost(installed);
    BackupRef vanilla = storeSteps.seedFromVanilla(installed.stack().backup().store(), customer, "1.0.0");

    dataSteps.stageBackup(installed, vanilla, false);
    stackSteps.startDatabase(installed);
    shell().query("SET GLOBAL sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
    var restored = dataSteps.restoreIfEmpty(installed, vanilla, false);

    assertThat(restored.restored()).isTrue();
    assertThat(restored.reason()).contains("read while the database started (").contains("verified against its server in");
  }

  /**
   * A part altered in the store is never trusted from a read ahead: the read ahead says it stopped, and the restore
   * reads the store itself and refuses it as it would without one.
   */
  @Test
  void aTamperedPartReadAheadIsRefusedByTheRestore() throws Exception {
    DesiredState installed = stack("1.0.0");
    stackSteps.prepareHost(installed);
    BackupRef vanilla = storeSteps.seedFromVanilla(installed.stack().backup().store(), customer, "1.0.0");
    Path dump = storedDump(vanilla);
    dump.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(dump);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(dump, bytes);

    String readAhead = dataSteps.stageBackup(installed, vanilla, false);
    stackSteps.startDatabase(installed);

    assertThat(readAhead).contains("stopped").contains("does not match its manifest")
        .endsWith("the restore reads the store itself");
    assertThatThrownBy(() -> dataSteps.restoreIfEmpty(installed, vanilla, false))
        .isInstanceOf(ActivityFailure.class).cause().isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("part db.sql.zst does not match its manifest")
        .satisfies(f -> assertThat(((ApplicationFailure) f).getType()).isEqualTo(FailureType.TAMPERED_BACKUP.id()));
    assertThat(shell().query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'demo'"))
        .containsExactly("0");
  }

  /** A database container that was there before (its database may hold data) is not read ahead for. */
  @Test
  void aDatabaseThatWasThereBeforeIsNotReadAheadFor() throws Exception {
    DesiredState installed = stack("1.0.0");
    BackupRef vanilla = installFromVanilla(installed);

    String readAhead = dataSteps.stageBackup(installed, vanilla, false);

    assertThat(readAhead).startsWith("not read ahead: " + customer + "-db-1 was there before this run");
    assertThat(dataSteps.restoreIfEmpty(installed, vanilla, false).reason())
        .isEqualTo("database demo was already restored from backup vanilla-1.0.0");
  }

  /**
   * A rollback reads its backup ahead while the services stop, although the database runs and holds data: ReplaceData
   * loads the kept copy (the store's dump is gone before it here) over the data.
   */
  @Test
  void aRollbackReadsItsBackupAheadAndReplacesTheDataFromTheKeptCopy() throws Exception {
    DesiredState installed = stack("1.0.0");
    BackupRef vanilla = installFromVanilla(installed);
    shell().query("CREATE TABLE demo.written_since (id INT PRIMARY KEY)");

    String readAhead = dataSteps.stageBackup(installed, vanilla, true);
    Files.delete(storedDump(vanilla));
    var replaced = dataSteps.replaceData(installed, vanilla);

    assertThat(readAhead).startsWith("read db.sql.zst of backup vanilla-1.0.0 ahead in ");
    assertThat(replaced.restored()).isTrue();
    assertThat(replaced.reason()).contains("read and verified while the services stopped");
    assertThat(shell().query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'demo' "
        + "AND table_name = 'written_since'")).as("the data since is replaced").containsExactly("0");
    assertThat(shell().query("SELECT backup_id, state FROM stackpilot.restores")).containsExactly(
        "vanilla-1.0.0\tcomplete");
  }

  private Path storedDump(BackupRef backup) {
    return temp.resolve("backups").resolve(customer).resolve(backup.id()).resolve("db.sql.zst");
  }

  private MariaDbShell shell() {
    return new MariaDbShell(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1", "dh-secret");
  }
}
