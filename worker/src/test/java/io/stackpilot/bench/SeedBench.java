package io.stackpilot.bench;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.Sha256;
import io.stackpilot.activities.store.StoreActivitiesImpl;
import io.stackpilot.activities.store.StoreLocations;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.StoreActivities;
import io.temporal.testing.TestActivityEnvironment;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The release's vanilla backup copied into a customer's backup store, both in Azure Blob (Azurite): Stackpilot's
 * SeedFromVanilla against rclone copying between the same two containers.
 */
final class SeedBench implements AutoCloseable {

  private final String connection = TestEnvironment.azuriteConnectionString();
  private final String account = connection.replaceAll(".*AccountName=([^;]+).*", "$1");
  private final BlobServiceClient service = new BlobServiceClientBuilder().connectionString(connection).buildClient();
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);
  private final BlobContainerClient releases = service.getBlobContainerClient("bench-releases-" + suffix);
  private final BlobContainerClient backups = service.getBlobContainerClient("bench-backups-" + suffix);
  private final BlobContainerClient copies = service.getBlobContainerClient("bench-rclone-" + suffix);
  private final long size;

  /** A vanilla backup for release 1.1.0 whose database part is {@code dump}. */
  SeedBench(Path dump, long size) throws IOException {
    this.size = Files.size(dump);
    releases.create();
    backups.create();
    copies.create();
    Path files = TestEnvironment.releasesDir().resolve("1.1.0/vanilla/files.tar.zst");
    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, "vanilla-1.1.0", "vanilla", null, "1.1.0", "2",
        null, null, "2026-10-01T00:00:00Z", List.of(upload(dump, "db.sql.zst"), upload(files, "files.tar.zst")), null);
    releases.getBlobClient("1.1.0/vanilla/" + BackupManifest.FILE).upload(com.azure.core.util.BinaryData.fromBytes(
        manifest.toJson()));
  }

  private BackupManifest.Part upload(Path file, String name) throws IOException {
    try (InputStream in = Files.newInputStream(file); Sha256 sha = new Sha256(in)) {
      releases.getBlobClient("1.1.0/vanilla/" + name).upload(sha, Files.size(file), true);
      return new BackupManifest.Part(name, sha.hex(), sha.count());
    }
  }

  private static String sasUrl(BlobContainerClient container) {
    BlobContainerSasPermission all = BlobContainerSasPermission.parse("racwdl");
    return container.getBlobContainerUrl() + "?" + container.generateSas(
        new BlobServiceSasSignatureValues(OffsetDateTime.now().plusDays(1), all));
  }

  Measurement measure(int runs) {
    Measurement line = new Measurement("vanilla backup copy into the customer store (" + Bench.human(size) + ")",
        "SeedFromVanilla (server-side copy, verified)", "`rclone copy` between the two Azurite containers",
        "at least as fast, no bytes through the worker", 1.0);
    // Debian's rclone 1.60 hangs in its emulator mode; a SAS URL per container reaches Azurite at any address.
    Map<String, String> rclone = Map.of("RCLONE_CONFIG", "/dev/null");
    String from = ":azureblob,sas_url='" + sasUrl(releases) + "':" + releases.getBlobContainerName() + "/1.1.0/vanilla";
    StoreLocations locations = new StoreLocations(Map.of(account, connection));
    for (int run = 1; run <= runs; run++) {
      Bench.log("vanilla copy run " + run);
      String to = ":azureblob,sas_url='" + sasUrl(copies) + "':" + copies.getBlobContainerName() + "/run-" + run;
      line.theirs.add(Shell.timed(() -> Shell.run("rclone copy \"" + from + "\" \"" + to + "\"", rclone)));
      String customer = "seed-" + run;
      try (ActivityHarness harness = new ActivityHarness();
           PeakHeap heap = new PeakHeap()) {
        TestActivityEnvironment temporal = harness.env;
        temporal.registerActivitiesImplementations(new StoreActivitiesImpl(locations,
            "azure://" + account + "/" + releases.getBlobContainerName()));
        StoreActivities steps = temporal.newActivityStub(StoreActivities.class);
        line.ours.add(Shell.timed(() -> steps.seedFromVanilla("azure://" + account + "/" + backups.getBlobContainerName()
            + "/stacks", customer, "1.1.0")));
        line.peakHeapBytes = Math.max(line.peakHeapBytes, heap.peak());
      }
    }
    return line;
  }

  @Override
  public void close() {
    releases.delete();
    backups.delete();
    copies.delete();
  }
}
