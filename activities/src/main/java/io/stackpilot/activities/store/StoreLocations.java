package io.stackpilot.activities.store;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StoreLocation;
import io.stackpilot.model.StoreScopes;
import io.stackpilot.model.StoreUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens stores from the locations written in stack.yaml and the worker configuration:
 * {@code file:///mnt/backup-share/acme} or {@code azure://<account>/<container>[/<prefix>]}. Azure
 * credentials come from the worker's configuration, one connection string per account, never from a stack.
 */
public final class StoreLocations {

  private final Map<String, BlobServiceClient> accounts = new TreeMap<>();
  private final Map<String, Duration> retention;
  private final StoreScopes scopes;

  /** {@code azureConnectionStrings}: storage account name to its connection string (key or SAS); stores unconfined. */
  public StoreLocations(Map<String, String> azureConnectionStrings) {
    this(azureConnectionStrings, Map.of(), StoreScopes.UNCONFINED);
  }

  /**
   * {@code retention}: per account, how long new backup blobs stay immutable (accounts with version-level immutability);
   * {@code scopes}: where each customer's backups may be.
   */
  public StoreLocations(Map<String, String> azureConnectionStrings, Map<String, Duration> retention, StoreScopes scopes) {
    azureConnectionStrings.forEach((account, connection) ->
        accounts.put(account, new BlobServiceClientBuilder().connectionString(connection).buildClient()));
    this.retention = Map.copyOf(retention);
    this.scopes = scopes;
  }

  /**
   * The store of {@code customer}'s backups at {@code location}, which must be plain and one of the customer's: a
   * location from a workflow's input is checked here as the stack.yaml's was when it was validated.
   */
  public BackupStore backupStore(String customer, String location) {
    StoreUrl.refusal(location).or(() -> scopes.refusal(customer, location)).ifPresent(why -> {
      throw new InvalidConfigurationException("backup store " + (why.startsWith("'") ? why : "'" + location + "' " + why));
    });
    StoreLocation at = StoreLocation.parse(location).orElseThrow(() -> notALocation(location));
    if (at instanceof StoreLocation.Directory directory) {
      insideItsRoot(customer, location, directory.dir());
      return new FileShareBackupStore(directory.dir());
    }
    StoreLocation.Azure azure = (StoreLocation.Azure) at;
    return new AzureBackupStore(account(azure.account(), location).getBlobContainerClient(azure.container()),
        azure.prefix(), retention.get(azure.account()));
  }

  public ReleaseStore releaseStore(String location) {
    StoreLocation at = StoreLocation.parseRelease(location).orElseThrow(() -> notALocation(location));
    if (at instanceof StoreLocation.Directory directory) {
      return new DirectoryReleaseStore(directory.dir());
    }
    StoreLocation.Azure azure = (StoreLocation.Azure) at;
    return new AzureReleaseStore(account(azure.account(), location).getBlobContainerClient(azure.container()),
        azure.prefix());
  }

  /** Where releases are published, and the store that reads them back from the same place. */
  public record Publishing(ReleaseTarget target, ReleaseStore store) {}

  /**
   * Where {@code stackctl release publish} writes at {@code location} (a directory, file:///… or azure://…), made if it
   * is not there yet.
   */
  public Publishing publishing(String location) {
    StoreLocation at = StoreLocation.parseRelease(location).orElseThrow(() -> notALocation(location));
    if (at instanceof StoreLocation.Directory directory) {
      try {
        Files.createDirectories(directory.dir());
      } catch (IOException e) {
        throw new InvalidConfigurationException("release store '" + location + "': cannot create the directory: "
            + e.getMessage());
      }
      return new Publishing(new DirectoryReleaseTarget(directory.dir()), new DirectoryReleaseStore(directory.dir()));
    }
    StoreLocation.Azure azure = (StoreLocation.Azure) at;
    BlobContainerClient container = account(azure.account(), location).getBlobContainerClient(azure.container());
    container.createIfNotExists();
    return new Publishing(new AzureReleaseTarget(container, azure.prefix()), new AzureReleaseStore(container, azure.prefix()));
  }

  /** A link inside a customer's root must not lead out of it (into another customer's, or anywhere else). */
  private void insideItsRoot(String customer, String location, Path dir) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (!scopes.confined() || existing == null) {
      return;
    }
    try {
      Path real = existing.toRealPath();
      for (String root : scopes.rootsOf(customer)) {
        Path rootDir = StoreLocation.parse(root).orElse(null) instanceof StoreLocation.Directory d ? d.dir() : null;
        // a root not made yet holds no link; one that exists must still hold the deepest part of the store that does
        if (rootDir != null && dir.startsWith(rootDir) && (!Files.exists(rootDir) || real.startsWith(rootDir.toRealPath()))) {
          return;
        }
      }
    } catch (IOException e) {
      throw new InvalidConfigurationException("backup store '" + location + "': cannot resolve it: " + e.getMessage());
    }
    throw new InvalidConfigurationException("backup store '" + location + "' leads by a link out of customer " + customer
        + "'s backup locations (" + String.join(", ", scopes.rootsOf(customer)) + ")");
  }

  private static InvalidConfigurationException notALocation(String location) {
    return new InvalidConfigurationException("store location '" + location + "' is not " + StoreLocation.FORMS);
  }

  private BlobServiceClient account(String account, String location) {
    BlobServiceClient client = accounts.get(account);
    if (client == null) {
      throw new InvalidConfigurationException("store " + location + ": the worker has no credentials for Azure storage account '"
          + account + "' (configured: " + (accounts.isEmpty() ? "none" : String.join(", ", accounts.keySet())) + ")");
    }
    return client;
  }
}
