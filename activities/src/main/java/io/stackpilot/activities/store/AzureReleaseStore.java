package io.stackpilot.activities.store;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.ReleaseVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** A release store in an Azure Blob container: blobs {@code [<prefix>/]<version>/…}. */
public final class AzureReleaseStore implements ReleaseStore {

  private final BlobContainerClient container;
  private final String prefix;

  public AzureReleaseStore(BlobContainerClient container, String prefix) {
    this.container = container;
    this.prefix = AzureBackupStore.normalisePrefix(prefix);
  }

  @Override
  public String location() {
    return "azure://" + container.getAccountName() + "/" + container.getBlobContainerName()
        + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
  }

  /** The release file's blob; server-side copies read from it. */
  BlobClient blob(String release, String path) {
    if (!release.matches("[0-9A-Za-z.+-]+")) {
      throw new InvalidConfigurationException("'" + release + "' is not a release version");
    }
    return container.getBlobClient(prefix + release + "/" + path);
  }

  BlobContainerClient container() {
    return container;
  }

  @Override
  public List<String> versions() {
    List<String> versions = new ArrayList<>();
    for (BlobItem item : container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(prefix), null)) {
      if (Boolean.TRUE.equals(item.isPrefix())) {
        String version = item.getName().substring(prefix.length(), item.getName().length() - 1);
        if (blob(version, "release.yaml").exists()) {
          versions.add(version);
        }
      }
    }
    versions.sort(ReleaseVersions.ORDER);
    return versions;
  }

  @Override
  public Optional<String> releaseYaml(String version) {
    try {
      return Optional.of(blob(version, "release.yaml").downloadContent().toString());
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public BackupManifest vanillaManifest(String release) {
    try {
      return BackupManifest.parse(blob(release, "vanilla/" + BackupManifest.FILE).downloadContent().toBytes());
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        throw new MissingReleaseFileException(location(), release, "vanilla/" + BackupManifest.FILE);
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream openVanillaPart(String release, String part) {
    BlobClient blob = blob(release, "vanilla/" + part);
    if (!blob.exists()) {
      throw new MissingReleaseFileException(location(), release, "vanilla/" + part);
    }
    return blob.openInputStream();
  }

  @Override
  public SortedMap<String, String> migrations(String release) {
    SortedMap<String, String> migrations = new TreeMap<>();
    String dir = prefix + release + "/migrations/";
    for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(dir), null)) {
      String name = item.getName().substring(dir.length());
      if (name.matches("V[^/]+__[^/]+\\.sql")) {
        migrations.put(name, container.getBlobClient(item.getName()).downloadContent().toString());
      }
    }
    return migrations;
  }
}
