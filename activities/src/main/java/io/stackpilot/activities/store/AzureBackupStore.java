package io.stackpilot.activities.store;

import com.azure.core.http.RequestConditions;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobImmutabilityPolicy;
import com.azure.storage.blob.models.BlobImmutabilityPolicyMode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobCopyFromUrlOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.stackpilot.model.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup store in an Azure Blob container: blobs {@code [<prefix>/]<customer>/<backup-id>/<part>}. Every
 * write is a conditional create (If-None-Match: *). Parts upload in parallel blocks with bounded memory.
 * Vanilla backups are copied server-side: the bytes never pass through the worker.
 */
public final class AzureBackupStore implements BackupStore {

  private static final Logger log = LoggerFactory.getLogger(AzureBackupStore.class);
  private static final long BLOCK = 8L << 20;
  private static final int CONCURRENCY = 4;
  /** Azure copies a blob up to this size while the request waits (Copy Blob From URL); larger ones asynchronously. */
  private static final long SYNC_COPY_LIMIT = 256L << 20;

  private static final Set<String> UNRETAINED = ConcurrentHashMap.newKeySet();

  private final BlobContainerClient container;
  private final String prefix;
  private final Duration retention;
  private final long syncCopyLimit;

  public AzureBackupStore(BlobContainerClient container, String prefix) {
    this(container, prefix, null);
  }

  /**
   * {@code retention}: where the account supports version-level immutability, each new blob gets a locked
   * time-based retention policy of this length; null for none. Azurite does not support it.
   */
  public AzureBackupStore(BlobContainerClient container, String prefix, Duration retention) {
    this(container, prefix, retention, SYNC_COPY_LIMIT);
  }

  /** {@code syncCopyLimit}: the largest part copied while the request waits; tests lower it to reach the other path. */
  AzureBackupStore(BlobContainerClient container, String prefix, Duration retention, long syncCopyLimit) {
    this.container = container;
    this.prefix = normalisePrefix(prefix);
    this.retention = retention;
    this.syncCopyLimit = syncCopyLimit;
  }

  static String normalisePrefix(String prefix) {
    if (prefix == null || prefix.isBlank() || prefix.equals("/")) {
      return "";
    }
    String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
    return p.endsWith("/") ? p : p + "/";
  }

  @Override
  public String location() {
    return "azure://" + container.getAccountName() + "/" + container.getBlobContainerName()
        + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
  }

  @Override
  public List<StoredBackup> storedBackups(String customer) {
    String dir = prefix + name(customer) + "/";
    Map<String, Long> bytes = new TreeMap<>();
    Map<String, BackupManifest> manifests = new HashMap<>();
    for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(dir), null)) {
      String rest = item.getName().substring(dir.length());
      int slash = rest.indexOf('/');
      if (slash <= 0) {
        continue;
      }
      String backupId = rest.substring(0, slash);
      if (SegmentArchive.holdsSegments(backupId)) {
        continue;
      }
      bytes.putIfAbsent(backupId, 0L);
      if (rest.substring(slash + 1).equals(BackupManifest.FILE)) {
        try {
          manifests.put(backupId, BackupManifest.parse(container.getBlobClient(item.getName()).downloadContent().toBytes()));
        } catch (IOException e) {
          log.warn("ignoring backup {}: its manifest does not parse: {}", item.getName(), e.getMessage());
        }
      } else {
        bytes.merge(backupId, item.getProperties().getContentLength(), Long::sum);
      }
    }
    List<StoredBackup> stored = new ArrayList<>();
    bytes.forEach((id, size) -> stored.add(new StoredBackup(id, manifests.get(id), size)));
    return stored;
  }

  @Override
  public List<String> partNames(String customer, String backupId) {
    String dir = prefix + name(customer) + "/" + name(backupId) + "/";
    List<String> names = new ArrayList<>();
    for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(dir), null)) {
      String rest = item.getName().substring(dir.length());
      if (!rest.contains("/")) {
        names.add(rest);
      }
    }
    return names;
  }

  @Override
  public InputStream openPart(String customer, String backupId, String part) {
    BlobClient blob = blob(customer, backupId, part);
    if (!blob.exists()) {
      throw new MissingPartException(location(), customer, backupId, part);
    }
    return blob.openInputStream();
  }

  @Override
  public BackupManifest.Part writePart(String customer, String backupId, String part, InputStream data) {
    BlobClient blob = blob(customer, backupId, part);
    try (Sha256 sha = new Sha256(data)) {
      blob.uploadWithResponse(new BlobParallelUploadOptions(sha)
          .setParallelTransferOptions(new ParallelTransferOptions()
              .setBlockSizeLong(BLOCK).setMaxSingleUploadSizeLong(BLOCK).setMaxConcurrency(CONCURRENCY))
          .setRequestConditions(createOnly()).setImmutabilityPolicy(retentionPolicy()), null, Context.NONE);
      confirmRetained(blob);
      return new BackupManifest.Part(part, sha.hex(), sha.count());
    } catch (BlobStorageException e) {
      throw alreadyExistsOr(e, blob);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeManifest(BackupManifest manifest) {
    BlobClient blob = blob(manifest.customer(), manifest.backupId(), BackupManifest.FILE);
    byte[] json = manifest.toJson();
    try {
      blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(json)).setRequestConditions(createOnly())
          .setImmutabilityPolicy(retentionPolicy()), null, Context.NONE);
      confirmRetained(blob);
    } catch (BlobStorageException e) {
      RuntimeException failure = alreadyExistsOr(e, blob);
      if (!(failure instanceof AlreadyExistsException) || !Arrays.equals(blob.downloadContent().toBytes(), json)) {
        throw failure;
      }
    }
  }

  @Override
  public BackupManifest importVanilla(ReleaseStore releases, String customer, String release,
      Consumer<String> progress) {
    BackupManifest vanilla = releases.vanillaManifest(release).forCustomer(customer);
    if (blob(customer, vanilla.backupId(), BackupManifest.FILE).exists()) {
      return vanilla;
    }
    // A part within the limit is copied while its request waits (Azurite shares its extents, Azure copies it at once);
    // every larger one is started before the first is awaited, so the service copies them side by side.
    List<BackupManifest.Part> copied = new ArrayList<>();
    // The Content-MD5 of each source this attempt copied, as read with the ETag the copy was made under.
    Map<String, byte[]> sourceMd5 = new HashMap<>();
    for (BackupManifest.Part part : vanilla.parts()) {
      BlobClient target = blob(customer, vanilla.backupId(), part.name());
      BlobClient source = vanillaSource(releases, release, part);
      if (target.exists()) {
        // Left by an earlier attempt: a server-side copy may still run, or have failed; checked below.
        copied.add(part);
      } else if (source != null) {
        sourceMd5.put(part.name(), startCopy(vanilla, part, source, target).getContentMd5());
        copied.add(part);
      } else {
        try (InputStream in = new Progress(releases.openVanillaPart(release, part.name()),
            "copy " + part.name() + " of " + vanilla.backupId(), part.size(), progress)) {
          BackupManifest.Part written = writePart(customer, vanilla.backupId(), part.name(), in);
          if (!written.sha256().equals(part.sha256()) || written.size() != part.size()) {
            throw new TamperedBackupException(vanilla.backupId(), part.name(),
                "in the release store does not match its manifest");
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        confirmRetained(target);
      }
    }
    for (BackupManifest.Part part : copied) {
      BlobClient target = blob(customer, vanilla.backupId(), part.name());
      BlobProperties properties = awaitCopy(target, progress);
      byte[] md5 = sourceMd5.containsKey(part.name()) ? sourceMd5.get(part.name())
          : currentMd5(vanillaSource(releases, release, part));
      checkCopy(vanilla, part, md5, properties, progress);
      confirmRetained(target, properties);
    }
    writeManifest(vanilla);
    return vanilla;
  }

  /**
   * A server-side copy is checked by the service's own properties, no bytes through the worker: it succeeded, has
   * the size of the release's manifest and the Content-MD5 of its source. Without MD5s to compare (a source uploaded
   * in blocks), or for a part streamed by an earlier attempt, the part is read back and its SHA-256 compared.
   */
  private void checkCopy(BackupManifest vanilla, BackupManifest.Part part, byte[] sourceMd5, BlobProperties copied,
      Consumer<String> progress) {
    if (copied.getCopyStatus() != null && copied.getCopyStatus() != CopyStatusType.SUCCESS) {
      throw new TamperedBackupException(vanilla.backupId(), part.name(), "was not copied: the copy ended "
          + copied.getCopyStatus() + " (" + copied.getCopyStatusDescription() + "); write-once storage keeps it, so "
          + "this vanilla copy cannot become a backup");
    }
    if (copied.getBlobSize() != part.size()) {
      throw new TamperedBackupException(vanilla.backupId(), part.name(),
          "was copied with " + copied.getBlobSize() + " bytes, the release's manifest says " + part.size());
    }
    if (sourceMd5 != null && copied.getContentMd5() != null) {
      if (!Arrays.equals(sourceMd5, copied.getContentMd5())) {
        throw new TamperedBackupException(vanilla.backupId(), part.name(), "differs from its source in the release store "
            + "(Content-MD5)");
      }
      return;
    }
    BackupVerifier.verifyPart(this, vanilla, part, progress);
  }

  /** The Content-MD5 of a part's source as it is now (a part an earlier attempt left); null without a source. */
  private static byte[] currentMd5(BlobClient source) {
    return source == null ? null : source.getProperties().getContentMd5();
  }

  /** The part in the release store when the service can copy it itself (the same account); null otherwise. */
  private BlobClient vanillaSource(ReleaseStore releases, String release, BackupManifest.Part part) {
    return releases instanceof AzureReleaseStore azure && sameAccount(azure)
        ? azure.blob(release, "vanilla/" + part.name()) : null;
  }

  /**
   * Waits while a server-side copy into {@code target} is still pending: asked again after 20 ms, then twice as long
   * each time up to half a second (a small part is copied before a fixed half-second wait would end), an hour at most;
   * the target's properties once it is not.
   */
  private BlobProperties awaitCopy(BlobClient target, Consumer<String> progress) {
    long wait = 20;
    long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
    BlobProperties p = target.getProperties();
    while (p.getCopyStatus() == CopyStatusType.PENDING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("copy of " + target.getBlobName() + " still pending after an hour");
      }
      progress.accept("copy of " + target.getBlobName() + " pending: " + p.getCopyProgress());
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the copy of " + target.getBlobName(), e);
      }
      wait = Math.min(500, wait * 2);
      p = target.getProperties();
    }
    return p;
  }

  /** The retention policy new blobs are created with, or null: set in the create request itself. */
  private BlobImmutabilityPolicy retentionPolicy() {
    return retention == null ? null : new BlobImmutabilityPolicy()
        .setPolicyMode(BlobImmutabilityPolicyMode.LOCKED)
        .setExpiryTime(OffsetDateTime.now().plus(retention));
  }

  /**
   * A server that ignores the policy leaves backups deletable: say so, once per store and process, rather than let
   * the configuration suggest they are locked. The backup itself goes on: it is still written create-only.
   */
  private void confirmRetained(BlobClient blob) {
    if (retention != null) {
      confirmRetained(blob, blob.getProperties());
    }
  }

  /** As above, with the blob's properties already read. */
  private void confirmRetained(BlobClient blob, BlobProperties properties) {
    if (retention != null && properties.getImmutabilityPolicy().getExpiryTime() == null
        && UNRETAINED.add(location())) {
      log.warn("retention NOT applied in {}: the {} locked retention configured for account {} was ignored for {}, so "
          + "backups there are protected only by create-only writes and can be deleted with the account's key; enable "
          + "version-level immutability on the account (or container) to lock them", location(), retention,
          container.getAccountName(), blob.getBlobName());
    }
  }

  /** Whether new blobs of this store have been seen to keep the configured retention; false until a blob was written. */
  public boolean retentionIgnored() {
    return UNRETAINED.contains(location());
  }

  /**
   * Copies within the account, authorised by a short read-only SAS: the service reads the source itself. Only the
   * source the release's manifest describes is copied (its size, and its ETag held while the service reads it). A
   * part up to {@link #syncCopyLimit} is copied when this returns; a larger copy's end is awaited by
   * {@link #awaitCopy}; both are checked by {@link #checkCopy}. Returns the source's properties the copy was made
   * under.
   */
  private BlobProperties startCopy(BackupManifest vanilla, BackupManifest.Part part, BlobClient source,
      BlobClient target) {
    BlobProperties from = source.getProperties();
    if (from.getBlobSize() != part.size()) {
      throw new TamperedBackupException(vanilla.backupId(), part.name(), "in the release store has "
          + from.getBlobSize() + " bytes, the release's manifest says " + part.size());
    }
    String url = source.getBlobUrl() + "?" + source.generateSas(new BlobServiceSasSignatureValues(
        OffsetDateTime.now().plusHours(1), new BlobSasPermission().setReadPermission(true)));
    try {
      if (part.size() <= syncCopyLimit) {
        target.copyFromUrlWithResponse(new BlobCopyFromUrlOptions(url)
            .setSourceRequestConditions(new RequestConditions().setIfMatch(from.getETag()))
            .setDestinationRequestConditions(createOnly()).setImmutabilityPolicy(retentionPolicy()), null, Context.NONE);
      } else {
        // The poller's first request starts the copy; its end is read from the target's properties.
        target.beginCopy(new BlobBeginCopyOptions(url)
            .setSourceRequestConditions(new BlobBeginCopySourceRequestConditions().setIfMatch(from.getETag()))
            .setDestinationRequestConditions(createOnly()).setImmutabilityPolicy(retentionPolicy()));
      }
    } catch (BlobStorageException e) {
      throw alreadyExistsOr(e, target);
    }
    return from;
  }

  @Override
  public java.time.Instant lockedUntil(String customer, String backupId) {
    try {
      BlobImmutabilityPolicy policy = blob(customer, backupId, BackupManifest.FILE).getProperties().getImmutabilityPolicy();
      return policy == null || policy.getExpiryTime() == null ? null : policy.getExpiryTime().toInstant();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public void deleteManifest(String customer, String backupId) {
    blob(customer, backupId, BackupManifest.FILE).deleteIfExists();
  }

  @Override
  public long deleteIncomplete(String customer, String backupId) {
    String dir = prefix + name(customer) + "/" + name(backupId) + "/";
    List<BlobItem> blobs = new ArrayList<>();
    container.listBlobs(new ListBlobsOptions().setPrefix(dir), null).forEach(blobs::add);
    if (blobs.stream().anyMatch(b -> b.getName().equals(dir + BackupManifest.FILE))) {
      throw new IllegalStateException("backup " + backupId + " of " + customer + " has a manifest: not deleting its parts");
    }
    long bytes = 0;
    for (BlobItem item : blobs) {
      if (container.getBlobClient(item.getName()).deleteIfExists()) {
        bytes += item.getProperties().getContentLength();
      }
    }
    return bytes;
  }

  @Override
  public List<String> segmentArchiveIds(String customer) {
    String dir = prefix + name(customer) + "/";
    java.util.TreeSet<String> ids = new java.util.TreeSet<>();
    for (BlobItem item : container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(dir), null)) {
      String rest = item.getName().substring(dir.length());
      String id = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
      if (SegmentArchive.holdsSegments(id) && !id.contains("/")) {
        ids.add(id);
      }
    }
    return List.copyOf(ids);
  }

  @Override
  public long deletePart(String customer, String backupId, String part) {
    BlobClient blob = blob(customer, backupId, part);
    try {
      long bytes = blob.getProperties().getBlobSize();
      return blob.deleteIfExists() ? bytes : 0;
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return 0;
      }
      throw e;
    }
  }

  private boolean sameAccount(AzureReleaseStore releases) {
    return releases.container().getAccountUrl().equals(container.getAccountUrl());
  }

  private static BlobRequestConditions createOnly() {
    return new BlobRequestConditions().setIfNoneMatch("*");
  }

  private static RuntimeException alreadyExistsOr(BlobStorageException e, BlobClient blob) {
    if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
      return new AlreadyExistsException(blob.getBlobName() + " in " + blob.getContainerName());
    }
    return e;
  }

  private BlobClient blob(String customer, String backupId, String part) {
    return container.getBlobClient(prefix + name(customer) + "/" + name(backupId) + "/" + name(part));
  }

  private static String name(String name) {
    if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new InvalidConfigurationException("'" + name + "' is not a valid customer, backup id or part name");
    }
    return name;
  }
}
