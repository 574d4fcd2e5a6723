package io.stackpilot.activities.store;

import io.stackpilot.workflows.FailureTypes;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.StoreActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/** The store activities: location-free, they run on the control worker. */
public final class StoreActivitiesImpl implements StoreActivities {

  /** Another manifest already commits this backup id: a retry cannot change that. */
  public static final String BACKUP_CONFLICT = "BackupConflict";

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final StoreLocations locations;
  private final String releaseStore;

  public StoreActivitiesImpl(StoreLocations locations, String releaseStore) {
    this.locations = locations;
    this.releaseStore = releaseStore;
  }

  @Override
  public BackupRef findNewestBackup(String store, String customer) {
    return failures(() -> locations.backupStore(store).newest(customer).map(m -> ref(store, m)).orElse(null));
  }

  @Override
  public BackupRef seedFromVanilla(String store, String customer, String release) {
    return failures(() -> ref(store,
        locations.backupStore(store).importVanilla(locations.releaseStore(releaseStore), customer, release)));
  }

  @Override
  public void verifyBackup(BackupRef backup) {
    failures(() -> {
      BackupStore store = locations.backupStore(backup.store());
      BackupManifest manifest = store.manifest(backup.customer(), backup.id()).orElseThrow(() ->
          new TamperedBackupException(backup.id(), BackupManifest.FILE, "is missing from " + backup.store()));
      BackupVerifier.verify(store, manifest, part -> Activity.getExecutionContext().heartbeat(part));
      return null;
    });
  }

  @Override
  public void verifyBackupParts(BackupParts parts) {
    failures(() -> {
      BackupVerifier.verify(locations.backupStore(parts.store()), manifest(parts),
          part -> Activity.getExecutionContext().heartbeat(part));
      return null;
    });
  }

  @Override
  public BackupRef writeBackupManifest(BackupParts parts) {
    return failures(() -> {
      BackupManifest manifest = manifest(parts);
      locations.backupStore(parts.store()).writeManifest(manifest);
      return ref(parts.store(), manifest);
    });
  }

  /** The manifest of uploaded parts; its time comes from the backup id, so a retry writes the same manifest. */
  static BackupManifest manifest(BackupParts parts) {
    return new BackupManifest(BackupManifest.FORMAT, parts.id(), "backup", parts.customer(), parts.release(),
        parts.schemaVersion(), parts.commit(), parts.host(), createdAt(parts.id()),
        parts.parts().stream().map(p -> new BackupManifest.Part(p.name(), p.sha256(), p.size())).toList(), parts.images());
  }

  private static String createdAt(String backupId) {
    try {
      return LocalDateTime.parse(backupId.substring(0, 16), ID_TIME).toInstant(ZoneOffset.UTC).toString();
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("backup id '" + backupId + "' does not start with its time (yyyyMMddTHHmmssZ)");
    }
  }

  private static BackupRef ref(String store, BackupManifest m) {
    return new BackupRef(store, m.customer(), m.backupId(), m.release(), m.schemaVersion(), m.createdAt(), m.totalSize());
  }

  /** Maps what retrying cannot fix to non-retryable failure types the workflows act on. */
  private static <T> T failures(Supplier<T> action) {
    try {
      return action.get();
    } catch (TamperedBackupException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.TAMPERED_BACKUP);
    } catch (IllegalArgumentException | MissingReleaseFileException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.INVALID_CONFIGURATION);
    } catch (AlreadyExistsException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), BACKUP_CONFLICT);
    }
  }
}
