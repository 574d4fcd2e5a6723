package io.stackpilot.activities.store;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.stackpilot.model.InvalidConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens stores from the locations written in stack.yaml and the worker configuration:
 * {@code file:///mnt/backup-share/acme} or {@code azure://<account>/<container>[/<prefix>]}. Azure
 * credentials come from the worker's configuration, one connection string per account, never from a stack.
 */
public final class StoreLocations {

  private static final Pattern AZURE = Pattern.compile("azure://([a-z0-9]{3,24})/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])(/(.*))?");

  private final Map<String, BlobServiceClient> accounts = new TreeMap<>();
  private final Map<String, Duration> retention;

  /** {@code azureConnectionStrings}: storage account name to its connection string (key or SAS). */
  public StoreLocations(Map<String, String> azureConnectionStrings) {
    this(azureConnectionStrings, Map.of());
  }

  /** {@code retention}: per account, how long new backup blobs stay immutable (accounts with version-level immutability). */
  public StoreLocations(Map<String, String> azureConnectionStrings, Map<String, Duration> retention) {
    azureConnectionStrings.forEach((account, connection) ->
        accounts.put(account, new BlobServiceClientBuilder().connectionString(connection).buildClient()));
    this.retention = Map.copyOf(retention);
  }

  /** An {@code azure://<account>/<container>[/<prefix>]} location, its parts named; prefix null when there is none. */
  public record AzureLocation(String account, String container, String prefix) {}

  /** The parts of an Azure location, or empty when {@code location} is not one. */
  public static java.util.Optional<AzureLocation> parseAzure(String location) {
    Matcher m = AZURE.matcher(location);
    return m.matches() ? java.util.Optional.of(new AzureLocation(m.group(1), m.group(2), m.group(4)))
        : java.util.Optional.empty();
  }

  public BackupStore backupStore(String location) {
    if (location.startsWith("file:")) {
      return new FileShareBackupStore(Path.of(URI.create(location)));
    }
    AzureLocation at = azure(location);
    return new AzureBackupStore(account(at.account(), location).getBlobContainerClient(at.container()), at.prefix(),
        retention.get(at.account()));
  }

  public ReleaseStore releaseStore(String location) {
    if (location.startsWith("file:")) {
      return new DirectoryReleaseStore(Path.of(URI.create(location)));
    }
    if (location.startsWith("/")) {
      return new DirectoryReleaseStore(Path.of(location));
    }
    AzureLocation at = azure(location);
    return new AzureReleaseStore(account(at.account(), location).getBlobContainerClient(at.container()), at.prefix());
  }

  private static AzureLocation azure(String location) {
    return parseAzure(location).orElseThrow(() -> new InvalidConfigurationException("store location '" + location
        + "' is not file:///<path> or azure://<account>/<container>[/<prefix>]"));
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
