package io.stackpilot.activities.store;

import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One customer's write-once backup storage: Azure Blob (cloud) or a mounted SMB/NFS share (on premise).
 * Layout {@code <customer>/<backup-id>/<part>}, manifest last. Nothing here overwrites: every write is a conditional
 * create, and an attempt to overwrite fails with {@link AlreadyExistsException}. Only pruning deletes, manifest first
 * ({@link #deleteManifest}), so that a backup it is interrupted in never looks complete, then the rest
 * ({@link #deleteIncomplete}).
 */
public interface BackupStore {

  /**
   * Newest first: by creation time as an instant (not as text: "2026-12-01T02:00:00Z" and
   * "2026-12-01T02:00:00.5Z" must compare as times), then by id, so that two backups of one second always come in
   * the same order.
   */
  Comparator<BackupManifest> NEWEST_FIRST = Comparator.comparing(BackupManifest::createdInstant)
      .thenComparing(BackupManifest::backupId).reversed();

  /** Where this store is, as written in stack.yaml: file:///… or azure://account/container[/prefix]. */
  String location();

  /**
   * What is stored under one backup id: its manifest when it has one that parses (null: incomplete, never used) and
   * the bytes of its parts.
   */
  record StoredBackup(String backupId, BackupManifest manifest, long storedBytes) {
    public boolean complete() {
      return manifest != null;
    }
  }

  /** Every backup id of {@code customer}, complete or not, in no particular order. */
  List<StoredBackup> storedBackups(String customer);

  /** The backups of {@code customer} whose manifest exists and parses, newest first. */
  default List<BackupManifest> completeBackups(String customer) {
    return storedBackups(customer).stream().filter(StoredBackup::complete).map(StoredBackup::manifest)
        .sorted(NEWEST_FIRST).toList();
  }

  default Optional<BackupManifest> newest(String customer) {
    return completeBackups(customer).stream().findFirst();
  }

  /** The manifest of one complete backup, or empty when the backup does not exist. */
  default Optional<BackupManifest> manifest(String customer, String backupId) {
    return completeBackups(customer).stream().filter(m -> m.backupId().equals(backupId)).findFirst();
  }

  /**
   * The names of the parts stored under {@code backupId}, in no particular order; empty when there are none. The
   * archived binary log lives under ids of its own ({@link SegmentArchive}), which {@link #storedBackups} leaves out.
   */
  List<String> partNames(String customer, String backupId);

  /** The ids under which {@code customer}'s archived binary log is kept ({@link SegmentArchive}), one per lineage. */
  List<String> segmentArchiveIds(String customer);

  /** Streams a part; the caller closes the stream. */
  InputStream openPart(String customer, String backupId, String part);

  /**
   * Writes a part from a stream, with bounded memory, computing its SHA-256 on the way.
   *
   * @throws AlreadyExistsException when the part exists: parts are never overwritten
   */
  BackupManifest.Part writePart(String customer, String backupId, String part, InputStream data);

  /**
   * Writes the manifest, which makes the backup exist. Writing the same manifest again is accepted;
   * another one for the same backup is refused with {@link AlreadyExistsException}.
   */
  void writeManifest(BackupManifest manifest);

  /**
   * Copies the release store's vanilla backup of {@code release} into this store as a backup of
   * {@code customer}: server-side where both stores allow it. Every part is checked before the manifest commits
   * the copy, those an earlier attempt left included; a part that does not match is reported as tampered and the
   * copy never becomes a backup. Already committed: returns the copy's manifest.
   */
  BackupManifest importVanilla(ReleaseStore releases, String customer, String release, Consumer<String> progress);

  /** When the store's own lock (an immutability policy) on the backup's manifest ends; null when it has none. */
  default java.time.Instant lockedUntil(String customer, String backupId) {
    return null;
  }

  /** Deletes a backup's manifest: from then on the backup is incomplete, and nothing restores it. Pruning only. */
  void deleteManifest(String customer, String backupId);

  /**
   * Deletes what is left of a backup without a manifest (its parts, and files an interrupted write left); refused
   * while the backup has a manifest file. Pruning only.
   *
   * @return the bytes deleted
   */
  long deleteIncomplete(String customer, String backupId);

  /**
   * Deletes one part (an archived binary log file or its manifest); a part that is not there is not an error. Pruning
   * only: a backup's parts go with {@link #deleteIncomplete}, after its manifest.
   *
   * @return the bytes deleted
   */
  long deletePart(String customer, String backupId, String part);
}
