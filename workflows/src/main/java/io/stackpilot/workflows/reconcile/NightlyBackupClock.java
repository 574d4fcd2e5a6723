package io.stackpilot.workflows.reconcile;

import io.stackpilot.model.BackupPolicy;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.ReconcileState.Nightly;
import io.stackpilot.workflows.api.StepRecord;
import io.stackpilot.workflows.steps.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The reconcile loop's nightly backup clock: when the next backup is due, what a backup taken, skipped or failed
 * changes, and when the store is asked again whether the newest backup is overdue. Pure, so workflows may use it.
 */
final class NightlyBackupClock {

  /** How often the store is asked for the newest backup, besides after every backup. */
  static final Duration FRESHNESS_EVERY = Duration.ofHours(1);

  private NightlyBackupClock() {}

  /** Marks the backup due once its time has come and sets the next time; no policy (nothing applied): no clock. */
  static Nightly tick(Nightly n, Instant now, BackupPolicy policy) {
    if (policy == null) {
      return with(n, null, n.due());
    }
    Instant next = n.nextAt() == null ? BackupSchedule.next(now, policy) : Instant.parse(n.nextAt());
    if (now.isBefore(next)) {
      return with(n, next.toString(), n.due());
    }
    return with(n, BackupSchedule.next(now, policy).toString(), true);
  }

  /** The steps that write a backup: what its duration counts, not resolving the stack or pruning afterwards. */
  private static final Set<String> WRITING = Set.of(Step.DUMP_AND_UPLOAD.label(null), Step.VERIFY_PARTS.label(null),
      Step.WRITE_MANIFEST.label(null), Step.SAFETY_BACKUP.label(null));

  /**
   * A backup was written (nightly, or by an operation such as an update's safety backup); its size is the store's to
   * say at the check that follows.
   */
  static Nightly taken(Nightly n, OperationResult done, Instant at, boolean nightly) {
    long millis = 0;
    boolean timed = false;
    for (StepRecord step : done.steps()) {
      if (WRITING.contains(step.name()) || step.name().startsWith(Step.FINAL_BACKUP.label("").strip())) {
        millis += step.durationMillis();
        timed = true;
      }
    }
    return new Nightly(done.backupWritten(), at.toString(), n.nextAt(), nightly ? false : n.due(),
        nightly ? null : n.note(), n.overdue(), null, null, timed ? Math.round(millis / 1000.0) : null);
  }

  /** Why the due backup did not happen; it stays due and is tried again at the next poll. */
  static Nightly noted(Nightly n, String note) {
    return new Nightly(n.lastBackup(), n.lastBackupAt(), n.nextAt(), n.due(), note, n.overdue(), n.freshnessCheckedAt(),
        n.lastBackupBytes(), n.lastBackupSeconds());
  }

  /** Asks the store again at the next check: it holds a backup the clock has not seen (a rollback's). */
  static Nightly recheck(Nightly n) {
    return new Nightly(n.lastBackup(), n.lastBackupAt(), n.nextAt(), n.due(), n.note(), n.overdue(), null,
        n.lastBackupBytes(), n.lastBackupSeconds());
  }

  static boolean freshnessDue(Nightly n, Instant now) {
    return n.freshnessCheckedAt() == null
        || Duration.between(Instant.parse(n.freshnessCheckedAt()), now).compareTo(FRESHNESS_EVERY) >= 0;
  }

  /**
   * What the store said: the newest complete backup ({@code null}: none), overdue when older than the limit. How long
   * it took is known only when it is the backup the loop saw written.
   */
  static Nightly checked(Nightly n, BackupRef newest, Instant now, Duration overdueAfter) {
    boolean overdue = newest == null
        || Duration.between(Instant.parse(newest.createdAt()), now).compareTo(overdueAfter) > 0;
    if (newest == null) {
      return new Nightly(n.lastBackup(), n.lastBackupAt(), n.nextAt(), n.due(), n.note(), overdue, now.toString(),
          n.lastBackupBytes(), n.lastBackupSeconds());
    }
    return new Nightly(newest.id(), newest.createdAt(), n.nextAt(), n.due(), n.note(), overdue, now.toString(),
        newest.sizeBytes(), newest.id().equals(n.lastBackup()) ? n.lastBackupSeconds() : null);
  }

  /** The store could not be read: asked again after {@link #FRESHNESS_EVERY}. */
  static Nightly unreadable(Nightly n, Instant now) {
    return new Nightly(n.lastBackup(), n.lastBackupAt(), n.nextAt(), n.due(), n.note(), n.overdue(), now.toString(),
        n.lastBackupBytes(), n.lastBackupSeconds());
  }

  /** How long the loop may sleep: the poll interval, or less when the next backup comes sooner. */
  static Duration sleep(Nightly n, Instant now, Duration poll) {
    if (n.nextAt() == null) {
      return poll;
    }
    Duration untilBackup = Duration.between(now, Instant.parse(n.nextAt()));
    if (untilBackup.compareTo(poll) >= 0) {
      return poll;
    }
    return untilBackup.isNegative() ? Duration.ZERO : untilBackup;
  }

  /** The note the loop's status shows about the nightly backup. */
  static String note(Nightly n) {
    return n.due() && n.note() == null ? "nightly backup due" : n.note();
  }

  private static Nightly with(Nightly n, String nextAt, boolean due) {
    return new Nightly(n.lastBackup(), n.lastBackupAt(), nextAt, due, n.note(), n.overdue(), n.freshnessCheckedAt(),
        n.lastBackupBytes(), n.lastBackupSeconds());
  }
}
