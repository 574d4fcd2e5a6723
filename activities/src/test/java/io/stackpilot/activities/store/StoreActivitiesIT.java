package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobServiceClientBuilder;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.StoreActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.stackpilot.testing.Failures.applicationFailure;

/** The store activities as the workflows call them, against real stores: a share and Azurite. */
class StoreActivitiesIT {

  private final TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
  private final StoreLocations locations = new StoreLocations(
      Map.of("devstoreaccount1", TestEnvironment.azuriteConnectionString()));

  @TempDir
  Path share;

  @AfterEach
  void close() {
    temporal.close();
  }

  private StoreActivities activities(String releaseStore) {
    temporal.registerActivitiesImplementations(new StoreActivitiesImpl(locations, releaseStore));
    return temporal.newActivityStub(StoreActivities.class);
  }


  @Test
  void newInstallationSeedsTheVanillaBackupFromTheAzureReleaseStore() {
    StoreActivities store = activities("azure://devstoreaccount1/releases");
    String backups = "file://" + share;

    assertThat(store.findNewestBackup(backups, "acme")).isNull();
    BackupRef seeded = store.seedFromVanilla(backups, "acme", "1.1.0");

    assertThat(seeded).extracting(BackupRef::id, BackupRef::customer, BackupRef::release, BackupRef::schemaVersion)
        .containsExactly("vanilla-1.1.0", "acme", "1.1.0", "2");
    assertThat(store.findNewestBackup(backups, "acme")).isEqualTo(seeded);
    assertThat(store.seedFromVanilla(backups, "acme", "1.1.0")).as("already copied").isEqualTo(seeded);
  }

  @Test
  void uploadedPartsAreVerifiedThenCommittedByTheirManifestOnce() throws Exception {
    StoreActivities store = activities(TestEnvironment.releasesDir().toString());
    new BlobServiceClientBuilder().connectionString(TestEnvironment.azuriteConnectionString()).buildClient()
        .getBlobContainerClient("backups-activities").createIfNotExists();
    String backups = "azure://devstoreaccount1/backups-activities/" + share.getFileName();
    BackupManifest.Part db = locations.backupStore("acme", backups).writePart("acme", "20261125T020000Z-1a2b3c4d", "db.sql.zst",
        new ByteArrayInputStream("dump".getBytes(StandardCharsets.UTF_8)));
    BackupParts parts = new BackupParts(backups, "acme", "20261125T020000Z-1a2b3c4d", "1.0.0", "1", "c0ffee1",
        "acme-prod-1", List.of(new BackupParts.Part(db.name(), db.sha256(), db.size())),
        java.util.Map.of("db", "127.0.0.1:5000/library/mariadb:10.11@sha256:" + "ab".repeat(32)));

    store.verifyBackupParts(parts);
    BackupRef written = store.writeBackupManifest(parts);
    BackupRef again = store.writeBackupManifest(parts);

    assertThat(written).isEqualTo(again);
    assertThat(written.createdAt()).isEqualTo("2026-11-25T02:00:00Z");
    assertThat(store.findNewestBackup(backups, "acme")).isEqualTo(written);
  }

  @Test
  void tamperedBackupFailsWithoutRetryNamingThePart() throws Exception {
    StoreActivities store = activities(TestEnvironment.releasesDir().toString());
    String backups = "file://" + share;
    String id = "20261125T020000Z-1a2b3c4d";
    BackupManifest.Part db = locations.backupStore("acme", backups).writePart("acme", id, "db.sql.zst",
        new ByteArrayInputStream("a dump of acme".getBytes(StandardCharsets.UTF_8)));
    Path dump = share.resolve("acme/" + id + "/db.sql.zst");
    dump.toFile().setWritable(true);
    Files.writeString(dump, "a dump of acmf");
    BackupParts parts = new BackupParts(backups, "acme", id, "1.0.0", "1", "c0ffee1", "acme-prod-1",
        List.of(new BackupParts.Part(db.name(), db.sha256(), db.size())), Map.of());

    ApplicationFailure failure = applicationFailure(() -> store.verifyBackupParts(parts));

    assertThat(failure.getType()).isEqualTo("TamperedBackup");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith("backup " + id + ": part db.sql.zst does not match its manifest");
  }

  @Test
  void unknownAzureAccountIsAConfigurationError() {
    StoreActivities store = activities(TestEnvironment.releasesDir().toString());

    ApplicationFailure failure = applicationFailure(() -> store.findNewestBackup("azure://acmebackups/stack", "acme"));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.getOriginalMessage()).isEqualTo("store azure://acmebackups/stack: the worker has no credentials "
        + "for Azure storage account 'acmebackups' (configured: devstoreaccount1)");
  }

  @Test
  void releaseWithoutVanillaBackupIsAConfigurationError() {
    StoreActivities store = activities(TestEnvironment.releasesDir().toString());

    ApplicationFailure failure = applicationFailure(() -> store.seedFromVanilla("file://" + share, "acme", "9.9.9"));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.getOriginalMessage()).endsWith("has no 9.9.9/vanilla/manifest.json");
  }

}
