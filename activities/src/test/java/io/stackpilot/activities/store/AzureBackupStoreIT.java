package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.CopyStatusType;
import io.stackpilot.testing.TestEnvironment;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backup store contract on Azure Blob, here Azurite; the demo release store is in container 'releases'. */
class AzureBackupStoreIT extends BackupStoreContract {

  private final BlobServiceClient service = new BlobServiceClientBuilder()
      .connectionString(TestEnvironment.azuriteConnectionString()).buildClient();
  private BlobContainerClient container;

  @BeforeEach
  void createContainer() {
    container = service.getBlobContainerClient("backups-" + UUID.randomUUID().toString().substring(0, 8));
    container.create();
  }

  @Override
  BackupStore store() {
    return new AzureBackupStore(container, "stack");
  }

  @Override
  ReleaseStore releases() {
    return new AzureReleaseStore(service.getBlobContainerClient("releases"), "");
  }

  @Test
  void vanillaBackupIsCopiedServerSide() {
    store().importVanilla(releases(), customer, "1.1.0", progress -> { });

    assertCopiedByTheService("vanilla-1.1.0");
  }

  /** Parts above the limit of a copy the request waits for are copied asynchronously, side by side, and awaited. */
  @Test
  void vanillaPartsAboveTheSyncCopyLimitAreCopiedAsynchronously() {
    new AzureBackupStore(container, "stack", null, 0).importVanilla(releases(), customer, "1.1.0", progress -> { });

    assertCopiedByTheService("vanilla-1.1.0");
    BackupManifest copied = store().storedBackups(customer).get(0).manifest();
    BackupVerifier.verify(store(), copied, progress -> { });
  }

  /** A release part whose size is not its manifest's is not copied, and no backup is committed. */
  @Test
  void aReleasePartThatDisagreesWithItsManifestIsNeverCopied() {
    BlobContainerClient tampered = service.getBlobContainerClient("releases-" + UUID.randomUUID().toString().substring(0, 8));
    tampered.create();
    try {
      for (String file : new String[] {"manifest.json", "files.tar.zst"}) {
        tampered.getBlobClient("1.1.0/vanilla/" + file).upload(service.getBlobContainerClient("releases")
            .getBlobClient("1.1.0/vanilla/" + file).downloadContent(), true);
      }
      tampered.getBlobClient("1.1.0/vanilla/db.sql.zst").upload(BinaryData.fromString("DROP DATABASE app;"), true);

      assertThatThrownBy(() -> store().importVanilla(new AzureReleaseStore(tampered, ""), customer, "1.1.0", p -> { }))
          .isInstanceOf(TamperedBackupException.class)
          .hasMessageContaining("db.sql.zst in the release store has 18 bytes, the release's manifest says");
      assertThat(container.getBlobClient("stack/" + customer + "/vanilla-1.1.0/db.sql.zst").exists()).isFalse();
      assertThat(store().storedBackups(customer)).noneMatch(BackupStore.StoredBackup::complete);
    } finally {
      tampered.delete();
    }
  }

  /**
   * A part an earlier attempt left in the customer's store (its copy was not awaited, or someone wrote it) is compared
   * with its source in the release store, not taken as copied: one of the right size with other bytes is refused.
   */
  @Test
  void aPartAnEarlierAttemptLeftThatDiffersFromItsSourceIsRefused() {
    byte[] source = service.getBlobContainerClient("releases").getBlobClient("1.1.0/vanilla/db.sql.zst").downloadContent()
        .toBytes();
    source[source.length / 2] ^= 1;
    container.getBlobClient("stack/" + customer + "/vanilla-1.1.0/db.sql.zst").upload(BinaryData.fromBytes(source));

    assertThatThrownBy(() -> store().importVanilla(releases(), customer, "1.1.0", progress -> { }))
        .isInstanceOf(TamperedBackupException.class)
        .hasMessageContaining("db.sql.zst differs from its source in the release store (Content-MD5)");
    assertThat(store().storedBackups(customer)).noneMatch(BackupStore.StoredBackup::complete);
  }

  private void assertCopiedByTheService(String backupId) {
    for (String part : new String[] {"db.sql.zst", "files.tar.zst"}) {
      BlobProperties properties = container.getBlobClient("stack/" + customer + "/" + backupId + "/" + part).getProperties();
      assertThat(properties.getCopyStatus()).as("copied by the service, not uploaded").isEqualTo(CopyStatusType.SUCCESS);
      assertThat(URLDecoder.decode(properties.getCopySource(), StandardCharsets.UTF_8))
          .contains("/releases/1.1.0/vanilla/" + part);
      assertThat(properties.getCopyId()).isNotBlank();
    }
  }

  /**
   * Azurite has no immutability policies and ignores the request: the store does not pretend the backup is locked —
   * it reports the retention as not applied (once, in the worker log) and still writes create-only.
   */
  @Test
  void retentionOnAnAccountWithoutImmutabilityIsReportedAsNotApplied() {
    AzureBackupStore retained = new AzureBackupStore(container, "stack", Duration.ofDays(30));
    assertThat(retained.retentionIgnored()).isFalse();

    retained.writePart(customer, "20261125T020000Z-r", "db.sql.zst", text("dump"));

    assertThat(retained.retentionIgnored()).isTrue();
    assertThatThrownBy(() -> retained.writePart(customer, "20261125T020000Z-r", "db.sql.zst", text("other")))
        .as("still write-once").isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void releaseStoreListsReadsAndLocatesReleaseFiles() {
    ReleaseStore releases = releases();

    assertThat(releases.versions()).containsExactly("1.0.0", "1.1.0");
    assertThat(releases.releaseYaml("1.1.0")).get().asString().contains("release: 1.1.0");
    assertThat(releases.releaseYaml("9.9.9")).isEmpty();
    assertThat(releases.migrations("1.1.0")).containsOnlyKeys("V1__baseline.sql", "V2__account_plans.sql");
    assertThat(releases.vanillaManifest("1.0.0").schemaVersion()).isEqualTo("1");
  }
}
