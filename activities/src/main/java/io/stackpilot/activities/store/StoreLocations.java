package io.stackpilot.activities.store;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StoreScopes;
import io.stackpilot.model.StoreUrl;
import java.io.IOException;
import java.nio.file.Files;
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

  /** An {@code azure://<account>/<container>[/<prefix>]} location, its parts named; prefix null when there is none. */
  public record AzureLocation(String account, String container, String prefix) {}

  /** The parts of an Azure location, or empty when {@code location} is not one. */
  public static java.util.Optional<AzureLocation> parseAzure(String location) {
    Matcher m = AZURE.matcher(location);
    return m.matches() ? java.util.Optional.of(new AzureLocation(m.group(1), m.group(2), m.group(4)))
        : java.util.Optional.empty();
  }

  /**
   * The store of {@code customer}'s backups at {@code location}, which must be plain and one of the customer's: a
   * location from a workflow's input is checked here as the stack.yaml's was when it was validated.
   */
  public BackupStore backupStore(String customer, String location) {
    StoreUrl.refusal(location).or(() -> scopes.refusal(customer, location)).ifPresent(why -> {
      throw new InvalidConfigurationException("backup store " + (why.startsWith("'") ? why : "'" + location + "' " + why));
    });
    if (location.startsWith("file:")) {
      Path dir = Path.of(URI.create(location));
      insideItsRoot(customer, location, dir);
      return new FileShareBackupStore(dir);
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
        Path rootDir = root.startsWith("file:") ? Path.of(URI.create(root)) : null;
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
