package io.stackpilot.workflows.activities;

import io.stackpilot.workflows.api.BackupEntry;
import io.stackpilot.workflows.api.BackupVerification;
import java.util.List;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Backup stores and the release store. Location-free: runs on the control task queue. */
@ActivityInterface
public interface StoreActivities {

  /** Activity type names, as the workflows declare them in StackActivities. */
  String FIND_NEWEST_BACKUP = "FindNewestBackup";
  String FIND_BACKUP = "FindBackup";
  String SEED_FROM_VANILLA = "SeedFromVanilla";
  String VERIFY_BACKUP_PARTS = "VerifyBackupParts";
  String WRITE_BACKUP_MANIFEST = "WriteBackupManifest";
  String LIST_BACKUPS = "ListBackups";
  String VERIFY_BACKUP = "VerifyBackup";
  String PLAN_RECOVERY = "PlanRecovery";
  String PRUNE_BACKUPS = "PruneBackups";

  /**
   * The backup a recovery to {@code until} starts from and the archived segments it replays after it. {@code backupId}:
   * the backup to start from, or null for the newest taken before {@code until}; {@code until}: an ISO-8601 instant,
   * or null for the newest archived point. The chain of segments ends at the first file that is not archived, and the
   * result's note says so. Idempotent: it only reads.
   */
  @ActivityMethod(name = PLAN_RECOVERY)
  BackupRef planRecovery(String store, String customer, String backupId, String until);

  /** The newest complete backup of {@code customer} in {@code store}, or null. Idempotent: it only reads. */
  @ActivityMethod(name = FIND_NEWEST_BACKUP)
  BackupRef findNewestBackup(String store, String customer);

  /**
   * The complete backup {@code backupId} of {@code customer} in {@code store}. Idempotent: it only reads. A backup
   * that does not exist or is incomplete (no manifest) fails with the non-retryable type {@code InvalidConfiguration},
   * naming the complete backups there are.
   */
  @ActivityMethod(name = FIND_BACKUP)
  BackupRef findBackup(String store, String customer, String backupId);

  /**
   * Copies {@code release}'s vanilla backup into the customer's store as a new backup, server-side where the
   * store allows it. Idempotent: a vanilla backup already copied there is returned, not copied again.
   */
  @ActivityMethod(name = SEED_FROM_VANILLA)
  BackupRef seedFromVanilla(String store, String customer, String release);


  /**
   * Reads uploaded parts back and checks them against the digests the host computed while streaming them; the dump is
   * fingerprinted per table in the same pass (rows and checksum, for drills to compare against). Null fingerprints:
   * the dump could not be read as SQL text (it is then still verified). Idempotent.
   */
  @ActivityMethod(name = VERIFY_BACKUP_PARTS)
  java.util.Map<String, TableFingerprint> verifyBackupParts(BackupParts parts);

  /**
   * Writes the manifest, the commit marker that makes the backup exist. Idempotent: a manifest already
   * written with the same content is accepted; one with other content is refused, never overwritten.
   */
  @ActivityMethod(name = WRITE_BACKUP_MANIFEST)
  BackupRef writeBackupManifest(BackupParts parts);

  /**
   * Every backup of {@code customer} in {@code store}, newest first: complete ones with their manifest's facts, and
   * incomplete ones (parts without a manifest), which are never used. Idempotent: it only reads.
   */
  @ActivityMethod(name = LIST_BACKUPS)
  List<BackupEntry> listBackups(String store, String customer);

  /**
   * Reads every part of the complete backup {@code backupId} back and checks its size and SHA-256 against the
   * manifest, reporting each part (a bad part is reported, not thrown). Idempotent: it only reads. A backup that does
   * not exist or has no manifest fails with {@code InvalidConfiguration}, naming the complete backups there are.
   */
  @ActivityMethod(name = VERIFY_BACKUP)
  BackupVerification verifyBackup(String store, String customer, String backupId);

  /**
   * Deletes the backups of {@code customer} that {@code policy.keep()} does not keep (manifest first, then the parts),
   * and leftovers of interrupted backups older than a day; {@code dryRun}: deletes nothing and says what it would.
   * Kept whatever the policy says: the newest backups, the newest of each release, a locked one, those in
   * {@code inUse}, the start of each archived binary log chain. Without {@code keep} nothing is deleted. Idempotent:
   * a retry lists again and goes on where the earlier attempt stopped.
   */
  @ActivityMethod(name = PRUNE_BACKUPS)
  io.stackpilot.workflows.api.PruneResult pruneBackups(String customer, io.stackpilot.model.BackupPolicy policy,
      List<String> inUse, boolean dryRun);
}
