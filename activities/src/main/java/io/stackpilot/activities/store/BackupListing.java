package io.stackpilot.activities.store;

import io.stackpilot.workflows.activities.BackupId;
import io.stackpilot.workflows.api.BackupEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** A customer's stored backups as the catalog lists them: newest first, complete or not. */
final class BackupListing {

  private BackupListing() {}

  static List<BackupEntry> of(List<BackupStore.StoredBackup> stored) {
    return of(stored, null, null);
  }

  /** With the archived binary log each complete backup continues into, read from {@code store}. */
  static List<BackupEntry> of(List<BackupStore.StoredBackup> stored, BackupStore store, String customer) {
    java.util.Map<String, List<SegmentManifest>> lineages = new java.util.HashMap<>();
    return stored.stream().map(b -> withChain(entry(b), b.manifest(), store, customer, lineages))
        .sorted(Comparator.comparing((BackupEntry e) -> e.createdAt() == null ? Instant.MIN : Instant.parse(e.createdAt()))
            .thenComparing(BackupEntry::id).reversed())
        .toList();
  }

  private static BackupEntry entry(BackupStore.StoredBackup backup) {
    BackupManifest m = backup.manifest();
    if (m == null) {
      return new BackupEntry(backup.backupId(), null, null, null, backup.storedBytes(), createdFromId(backup.backupId()), false);
    }
    return new BackupEntry(m.backupId(), m.kind(), m.release(), m.schemaVersion(), m.totalSize(),
        m.createdInstant().toString(), true, m.commit());
  }

  private static BackupEntry withChain(BackupEntry entry, BackupManifest m, BackupStore store, String customer,
      java.util.Map<String, List<SegmentManifest>> lineages) {
    if (store == null || m == null || m.binlog() == null) {
      return entry;
    }
    List<SegmentManifest> chain = SegmentArchive.chain(lineages.computeIfAbsent(m.binlog().lineage(),
        lineage -> new SegmentArchive(store).segments(customer, lineage)), m.binlog().file());
    String reaches = chain.stream().map(SegmentManifest::lastEventAt).filter(java.util.Objects::nonNull)
        .reduce((earlier, later) -> later).orElse(null);
    return new BackupEntry(entry.id(), entry.kind(), entry.release(), entry.schemaVersion(), entry.size(),
        entry.createdAt(), entry.complete(), entry.commit(), chain.size(), reaches);
  }

  /** An incomplete backup has no manifest to say when it was taken; a Stackpilot backup id says it. */
  private static String createdFromId(String id) {
    try {
      return BackupId.parse(id).createdAt().toString();
    } catch (RuntimeException notAnId) {
      return null;
    }
  }
}
