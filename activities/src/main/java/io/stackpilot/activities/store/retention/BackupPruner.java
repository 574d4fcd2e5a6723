package io.stackpilot.activities.store.retention;

import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.SegmentArchive;
import io.stackpilot.model.BackupPolicy.KeepPolicy;
import io.stackpilot.workflows.activities.BackupId;
import io.stackpilot.workflows.api.BackupRetention;
import io.stackpilot.workflows.api.PruneResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the backups a {@link RetentionPlanner} plan does not keep, the archived binary log no remaining backup can
 * replay ({@link SegmentPruner}), and what interrupted backups left. A backup goes
 * manifest first: interrupted there, it is incomplete, which nothing restores, and the next run deletes the rest.
 * Anything it cannot read whole it does not touch: a listing that fails deletes nothing, a manifest that does not parse
 * holds its backup, an incomplete backup younger than a day may still be being written.
 */
public final class BackupPruner {

  /** An incomplete backup younger than this may be one a running backup still writes. */
  public static final Duration LEFTOVER_AGE = Duration.ofDays(1);
  /**
   * What the worker keeps whatever stack.yaml says: its {@code newest} backups and those younger than
   * {@code youngerThan}. The repo is the customer's; the floor is the operator's, so a commit (or whoever can push
   * one) cannot have history deleted that the operator means to keep.
   */
  public record Floor(int newest, Duration youngerThan) {
    /** Three backups and a week, unless the worker's configuration says otherwise. */
    public static final Floor DEFAULT = new Floor(3, Duration.ofDays(7));
  }

  private static final Logger log = LoggerFactory.getLogger(BackupPruner.class);

  private final BackupStore store;

  public BackupPruner(BackupStore store) {
    this.store = store;
  }

  /**
   * Plans and, unless {@code dryRun}, deletes.
   *
   * @param inUse backups a running operation uses
   * @param floor what is kept whatever the policy says
   */
  public PruneResult prune(String customer, KeepPolicy keep, ZoneId zone, Set<String> inUse, Floor floor,
      boolean dryRun, Instant now, Consumer<String> progress) {
    List<BackupStore.StoredBackup> stored = store.storedBackups(customer);
    Map<String, BackupManifest> complete = new HashMap<>();
    List<RetentionPlanner.Candidate> candidates = new ArrayList<>();
    for (BackupStore.StoredBackup backup : stored) {
      if (backup.complete()) {
        BackupManifest m = backup.manifest();
        complete.put(m.backupId(), m);
        candidates.add(new RetentionPlanner.Candidate(m.backupId(), m.createdInstant(), m.release(),
            keep == null ? null : store.lockedUntil(customer, m.backupId())));
      }
    }
    BackupManifest openChain = complete.values().stream().filter(m -> m.binlog() != null)
        .min(BackupStore.NEWEST_FIRST).orElse(null);
    List<RetentionPlanner.Decision> plan = RetentionPlanner.plan(candidates, keep,
        new RetentionPlanner.Holds(inUse, openChain == null ? Set.of() : Set.of(openChain.backupId()), floor.newest(),
            floor.youngerThan().isZero() ? null : now.minus(floor.youngerThan()),
            "younger than " + floor.youngerThan().toDays() + " days (the worker's floor)", true), zone, now);

    List<BackupRetention> backups = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<BackupManifest> remaining = new ArrayList<>();
    long bytes = 0;
    for (RetentionPlanner.Decision decision : plan) {
      BackupManifest m = complete.get(decision.backupId());
      backups.add(new BackupRetention(m.backupId(), m.createdInstant().toString(), m.release(), m.totalSize(),
          decision.reasons()));
      if (decision.kept()) {
        remaining.add(m);
        continue;
      }
      if (dryRun) {
        deleted.add(m.backupId());
        bytes += m.totalSize();
        continue;
      }
      progress.accept("delete backup " + m.backupId() + " (" + m.createdInstant() + ")");
      try {
        store.deleteManifest(customer, m.backupId());
        bytes += store.deleteIncomplete(customer, m.backupId());
        deleted.add(m.backupId());
        log.info("pruned backup {} of {} from {}", m.backupId(), customer, store.location());
      } catch (RuntimeException e) {
        remaining.add(m);
        refused.add(m.backupId() + ": " + e.getMessage());
        log.warn("the store refused to delete backup {} of {}: {}", m.backupId(), customer, e.toString());
      }
    }

    List<String> segments = List.of();
    if (keep != null) {
      SegmentPruner.Pruned pruned = new SegmentPruner(new SegmentArchive(store)).prune(customer, remaining,
          openChain == null ? null : openChain.binlog().lineage(), dryRun, progress);
      segments = pruned.segments();
      bytes += pruned.bytes();
      refused.addAll(pruned.refused());
    }

    List<String> leftovers = new ArrayList<>();
    for (BackupStore.StoredBackup backup : stored) {
      if (backup.complete() || !isLeftover(backup.backupId(), now)
          || store.partNames(customer, backup.backupId()).contains(BackupManifest.FILE)) {
        // A manifest that is there but does not parse may be a newer worker's: not ours to judge.
        continue;
      }
      leftovers.add(backup.backupId());
      if (dryRun) {
        bytes += backup.storedBytes();
        continue;
      }
      progress.accept("delete the leftover of interrupted backup " + backup.backupId());
      try {
        bytes += store.deleteIncomplete(customer, backup.backupId());
      } catch (RuntimeException e) {
        leftovers.remove(backup.backupId());
        refused.add(backup.backupId() + ": " + e.getMessage());
      }
    }
    return new PruneResult(customer, store.location(), dryRun, backups, deleted, leftovers, bytes, refused, segments);
  }

  /** An incomplete backup older than a day, by the time in its id; an id that is not Stackpilot's is never one. */
  private static boolean isLeftover(String backupId, Instant now) {
    try {
      return BackupId.parse(backupId).createdAt().isBefore(now.minus(LEFTOVER_AGE));
    } catch (RuntimeException notOurs) {
      return false;
    }
  }
}
