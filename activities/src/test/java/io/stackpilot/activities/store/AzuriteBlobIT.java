package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.stackpilot.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Azurite stands in for Azure Blob: blobs round-trip, and a conditional create refuses to overwrite. */
class AzuriteBlobIT {

  private final BlobServiceClient service = new BlobServiceClientBuilder()
      .connectionString(TestEnvironment.azuriteConnectionString()).buildClient();

  @Test
  void blobIsWrittenOnceAndReadBack() {
    BlobContainerClient container = service.getBlobContainerClient("it-" + UUID.randomUUID());
    container.create();
    var blob = container.getBlobClient("acme/20261125T020000Z/manifest.json");
    BlobRequestConditions createOnly = new BlobRequestConditions().setIfNoneMatch("*");

    blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString("{\"release\":\"1.0.0\"}"))
        .setRequestConditions(createOnly), null, null);

    assertThat(blob.downloadContent().toString()).isEqualTo("{\"release\":\"1.0.0\"}");
    assertThatThrownBy(() -> blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString("tampered"))
        .setRequestConditions(createOnly), null, null))
        .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(409));
    assertThat(blob.downloadContent().toBytes()).isEqualTo("{\"release\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void demoReleaseStoreIsPublished() throws Exception {
    BlobContainerClient releases = service.getBlobContainerClient("releases");

    assertThat(releases.getBlobClient("1.0.0/release.yaml").downloadContent().toString()).contains("release: 1.0.0");
    assertThat(releases.getBlobClient("1.1.0/migrations/V2__account_plans.sql").exists()).isTrue();
    assertThat(BackupManifest.parse(releases.getBlobClient("1.1.0/vanilla/manifest.json").downloadContent().toBytes())
        .schemaVersion()).isEqualTo("2");
  }
}
