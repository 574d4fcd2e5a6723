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
    return stored.stream().map(BackupListing::entry)
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

  /** An incomplete backup has no manifest to say when it was taken; a Stackpilot backup id says it. */
  private static String createdFromId(String id) {
    try {
      return BackupId.parse(id).createdAt().toString();
    } catch (RuntimeException notAnId) {
      return null;
    }
  }
}
