package io.stackpilot.activities.store.retention;

import io.stackpilot.model.BackupPolicy.KeepPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which complete backups a policy keeps, and why; everything else may be deleted. Grandfather-father-son as restic's
 * {@code forget --keep-daily …} counts it: for the newest {@code daily} days that have a backup, the newest backup of
 * each day (in the stack's time zone); likewise weeks (ISO), months and years. Whatever the policy says, these are
 * kept: the newest complete backup, the newest of each release the stack ran (a rollback needs it), a backup under an
 * immutability lock (the store would refuse; the reason says when the lock ends), a backup a running operation uses,
 * the newest backup of the binary log lineage being archived (what a recovery to the newest point starts from), and
 * the worker's floor (a number of newest backups, and those younger
 * than an age: what a commit to the repo cannot delete). Without a policy, or
 * when the store could not be listed completely, everything is kept.
 */
public final class RetentionPlanner {

  /** A complete backup as the catalog lists it. */
  public record Candidate(String backupId, Instant createdAt, String release, Instant lockedUntil) {}

  /** What happens to a backup: kept, with every reason, or deleted (no reason). */
  public record Decision(String backupId, Instant createdAt, List<String> reasons) {

    public boolean kept() {
      return !reasons.isEmpty();
    }
  }

  /**
   * What else holds a backup: running operations and open chains; the worker's floor (its {@code minimum} of newest
   * backups, and every backup taken after {@code keptAfter}, null: none); whether the listing is whole.
   */
  public record Holds(Set<String> inUse, Set<String> chainBases, int minimum, Instant keptAfter, String floor,
      boolean listingComplete) {

    public Holds(Set<String> inUse, Set<String> chainBases, int minimum, boolean listingComplete) {
      this(inUse, chainBases, minimum, null, null, listingComplete);
    }
  }

  private RetentionPlanner() {}

  /** The decisions for {@code backups}, newest first. */
  public static List<Decision> plan(List<Candidate> backups, KeepPolicy keep, Holds holds, ZoneId zone, Instant now) {
    List<Candidate> newestFirst = backups.stream()
        .sorted(Comparator.comparing(Candidate::createdAt).thenComparing(Candidate::backupId).reversed()).toList();
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    newestFirst.forEach(b -> reasons.put(b.backupId(), new ArrayList<>()));
    if (keep == null) {
      newestFirst.forEach(b -> reasons.get(b.backupId()).add("stack.yaml sets no backup.keep: everything is kept"));
    } else if (!holds.listingComplete()) {
      newestFirst.forEach(b -> reasons.get(b.backupId()).add("the store could not be listed completely"));
    } else {
      if (!newestFirst.isEmpty()) {
        reasons.get(newestFirst.get(0).backupId()).add("newest");
      }
      for (int i = 0; i < Math.min(holds.minimum(), newestFirst.size()); i++) {
        reasons.get(newestFirst.get(i).backupId()).add("one of the newest " + holds.minimum());
      }
      Set<String> releases = new LinkedHashSet<>();
      for (Candidate backup : newestFirst) {
        List<String> why = reasons.get(backup.backupId());
        if (backup.release() != null && releases.add(backup.release())) {
          why.add("newest of release " + backup.release());
        }
        if (backup.lockedUntil() != null && backup.lockedUntil().isAfter(now)) {
          why.add("locked until " + backup.lockedUntil());
        }
        if (holds.inUse().contains(backup.backupId())) {
          why.add("used by a running operation");
        }
        if (holds.chainBases().contains(backup.backupId())) {
          why.add("base of the open binary log chain");
        }
      }
      periods(newestFirst, keep.daily(), "daily", at -> at.toLocalDate().toString(), zone, reasons);
      periods(newestFirst, keep.weekly(), "weekly", at -> at.get(IsoFields.WEEK_BASED_YEAR) + "-W"
          + String.format("%02d", at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), zone, reasons);
      periods(newestFirst, keep.monthly(), "monthly", at -> String.format("%d-%02d", at.getYear(), at.getMonthValue()),
          zone, reasons);
      periods(newestFirst, keep.yearly(), "yearly", at -> String.valueOf(at.getYear()), zone, reasons);
      if (holds.keptAfter() != null) {
        newestFirst.stream().filter(b -> b.createdAt().isAfter(holds.keptAfter()))
            .forEach(b -> reasons.get(b.backupId()).add(holds.floor()));
      }
    }
    return newestFirst.stream().map(b -> new Decision(b.backupId(), b.createdAt(), List.copyOf(reasons.get(b.backupId()))))
        .toList();
  }

  /** Keeps the newest backup of each of the newest {@code count} periods that have one. */
  private static void periods(List<Candidate> newestFirst, int count, String name, Function<ZonedDateTime, String> period,
      ZoneId zone, Map<String, List<String>> reasons) {
    Set<String> seen = new LinkedHashSet<>();
    for (Candidate backup : newestFirst) {
      if (seen.size() == count) {
        return;
      }
      String key = period.apply(backup.createdAt().atZone(zone));
      if (seen.add(key)) {
        reasons.get(backup.backupId()).add(name + " " + key);
      }
    }
  }
}
