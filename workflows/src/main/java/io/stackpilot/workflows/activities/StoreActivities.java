package io.stackpilot.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Backup stores and the release store. Location-free: runs on the control task queue. */
@ActivityInterface
public interface StoreActivities {

  /** The newest complete backup of {@code customer} in {@code store}, or null. Idempotent: it only reads. */
  @ActivityMethod(name = "FindNewestBackup")
  BackupRef findNewestBackup(String store, String customer);

  /**
   * Copies {@code release}'s vanilla backup into the customer's store as a new backup, server-side where the
   * store allows it. Idempotent: a vanilla backup already copied there is returned, not copied again.
   */
  @ActivityMethod(name = "SeedFromVanilla")
  BackupRef seedFromVanilla(String store, String customer, String release);

  /**
   * Recomputes each part's SHA-256 against the manifest. Idempotent. A tampered or truncated part fails
   * with the non-retryable type {@code TamperedBackup}, naming the part.
   */
  @ActivityMethod(name = "VerifyBackup")
  void verifyBackup(BackupRef backup);

  /** Checks uploaded parts against the digests the host computed while streaming them. Idempotent. */
  @ActivityMethod(name = "VerifyBackupParts")
  void verifyBackupParts(BackupParts parts);

  /**
   * Writes the manifest, the commit marker that makes the backup exist. Idempotent: a manifest already
   * written with the same content is accepted; one with other content is refused, never overwritten.
   */
  @ActivityMethod(name = "WriteBackupManifest")
  BackupRef writeBackupManifest(BackupParts parts);
}
