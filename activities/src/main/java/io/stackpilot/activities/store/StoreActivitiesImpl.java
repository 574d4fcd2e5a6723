package io.stackpilot.activities.store;

import static io.stackpilot.activities.ActivityFailures.translated;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.workflows.activities.BackupId;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.StoreActivities;
import io.temporal.activity.Activity;
import io.stackpilot.workflows.api.BackupEntry;
import io.stackpilot.workflows.api.BackupVerification;
import java.util.List;
import java.util.Map;
import io.stackpilot.workflows.activities.TableFingerprint;
import java.util.function.Consumer;

/** The store activities: location-free, they run on the control worker. */
public final class StoreActivitiesImpl implements StoreActivities {

  private static final String DUMP_PART = "db.sql.zst";

  private final StoreLocations locations;
  private final String releaseStore;
  private final io.stackpilot.activities.store.retention.BackupPruner.Floor floor;

  public StoreActivitiesImpl(StoreLocations locations, String releaseStore) {
    this(locations, releaseStore, io.stackpilot.activities.store.retention.BackupPruner.Floor.DEFAULT);
  }

  /** {@code floor}: what pruning keeps whatever a stack.yaml says (the worker's {@code prune} settings). */
  public StoreActivitiesImpl(StoreLocations locations, String releaseStore,
      io.stackpilot.activities.store.retention.BackupPruner.Floor floor) {
    this.locations = locations;
    this.releaseStore = releaseStore;
    this.floor = floor;
  }

  @Override
  public BackupRef findNewestBackup(String store, String customer) {
    return translated(() -> locations.backupStore(customer, store).newest(customer).map(m -> ref(store, m)).orElse(null));
  }

  @Override
  public BackupRef findBackup(String store, String customer, String backupId) {
    return translated(() -> ref(store, complete(locations.backupStore(customer, store), store, customer, backupId)));
  }

  @Override
  public BackupRef seedFromVanilla(String store, String customer, String release) {
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> ref(store, locations.backupStore(customer, store).importVanilla(locations.releaseStore(releaseStore),
        customer, release, progress)));
  }

  @Override
  public Map<String, TableFingerprint> verifyBackupParts(BackupParts parts) {
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> {
      BackupStore store = locations.backupStore(parts.customer(), parts.store());
      BackupManifest manifest = manifest(parts);
      Map<String, TableFingerprint> tables = null;
      for (BackupManifest.Part part : manifest.parts()) {
        if (part.name().equals(DUMP_PART)) {
          DumpFingerprinting dump = new DumpFingerprinting();
          BackupVerifier.verifyPart(store, manifest, part, progress, dump::read);
          tables = dump.tables();
        } else {
          BackupVerifier.verifyPart(store, manifest, part, progress);
        }
      }
      return tables;
    });
  }

  @Override
  public BackupRef writeBackupManifest(BackupParts parts) {
    return translated(() -> {
      BackupManifest manifest = manifest(parts);
      locations.backupStore(parts.customer(), parts.store()).writeManifest(manifest);
      return ref(parts.store(), manifest);
    });
  }

  @Override
  public List<BackupEntry> listBackups(String store, String customer) {
    return translated(() -> {
      BackupStore backups = locations.backupStore(customer, store);
      return BackupListing.of(backups.storedBackups(customer), backups, customer);
    });
  }

  @Override
  public BackupVerification verifyBackup(String store, String customer, String backupId) {
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> {
      BackupStore backups = locations.backupStore(customer, store);
      BackupManifest manifest = complete(backups, store, customer, backupId);
      List<io.stackpilot.workflows.api.PartCheck> checks = new java.util.ArrayList<>(manifest.parts().stream()
          .map(part -> BackupVerifier.check(backups, manifest, part, progress)).toList());
      if (manifest.binlog() != null) {
        // The archived binary log that continues the backup is part of what a recovery from it reads.
        SegmentArchive archive = new SegmentArchive(backups);
        for (SegmentManifest segment : SegmentArchive.chain(archive.segments(customer, manifest.binlog().lineage()),
            manifest.binlog().file())) {
          progress.accept("verify " + segment.file() + " of the binary log after " + backupId);
          checks.add(archive.check(customer, segment));
        }
      }
      return new BackupVerification(backupId, checks);
    });
  }

  /** The manifest of uploaded parts; its time comes from the backup id, so a retry writes the same manifest. */
  static BackupManifest manifest(BackupParts parts) {
    return new BackupManifest(BackupManifest.FORMAT, parts.id(), parts.kind() == null ? "backup" : parts.kind(),
        parts.customer(), parts.release(),
        parts.schemaVersion(), parts.commit(), parts.host(), BackupId.parse(parts.id()).createdAt().toString(),
        parts.parts().stream().map(p -> new BackupManifest.Part(p.name(), p.sha256(), p.size())).toList(), parts.images(),
        parts.tables(), parts.binlog());
  }

  @Override
  public BackupRef planRecovery(String store, String customer, String backupId, String until) {
    return translated(() -> {
      java.time.Instant point;
      try {
        point = until == null ? null : java.time.Instant.parse(until);
      } catch (java.time.format.DateTimeParseException e) {
        throw new InvalidConfigurationException("until: '" + until + "' is not an ISO-8601 instant such as "
            + "2026-12-03T14:05:00Z");
      }
      RecoveryPlanner.Plan plan = new RecoveryPlanner(locations.backupStore(customer, store))
          .plan(customer, backupId, point, store);
      return ref(store, plan.backup()).withRecovery(plan.recovery());
    });
  }

  /** The manifest of the complete backup {@code backupId}; otherwise the complete backups there are, named. */
  private static BackupManifest complete(BackupStore backups, String store, String customer, String backupId) {
    List<BackupManifest> complete = backups.completeBackups(customer);
    return complete.stream().filter(m -> m.backupId().equals(backupId)).findFirst()
        .orElseThrow(() -> new InvalidConfigurationException("backup " + backupId + " of " + customer + " is not a "
            + "complete backup in " + store + " (" + BackupCatalog.describe(complete, 5) + ")"));
  }

  private static BackupRef ref(String store, BackupManifest m) {
    return new BackupRef(store, m.customer(), m.backupId(), m.release(), m.schemaVersion(), m.createdAt(), m.totalSize(),
        m.binlog(), null);
  }

  @Override
  public io.stackpilot.workflows.api.PruneResult pruneBackups(String customer, io.stackpilot.model.BackupPolicy policy,
      List<String> inUse, boolean dryRun) {
    Consumer<String> progress = Activity.getExecutionContext()::heartbeat;
    return translated(() -> new io.stackpilot.activities.store.retention.BackupPruner(
        locations.backupStore(customer, policy.store())).prune(customer, policy.keep(),
            java.time.ZoneId.of(policy.timezone()), java.util.Set.copyOf(inUse == null ? List.of() : inUse),
            floor, dryRun, java.time.Instant.now(), progress));
  }
}
