package io.stackpilot.workflows.reconcile;

import io.stackpilot.model.BackupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When the scheduled backup runs next: each of the policy's local times, on the policy's weekdays, in its time zone.
 * On the day clocks go forward and a time does not exist, it runs at the first moment after the gap; on the day they
 * go back, at its first occurrence. Pure, so workflows may use it.
 */
final class BackupSchedule {

  private BackupSchedule() {}

  static Instant next(Instant now, BackupPolicy policy) {
    ZoneId zone = ZoneId.of(policy.timezone());
    LocalDate day = now.atZone(zone).toLocalDate();
    for (int i = 0; i <= 7; i++, day = day.plusDays(1)) {
      if (!policy.runsOn(day.getDayOfWeek())) {
        continue;
      }
      Instant earliest = null;
      for (LocalTime at : policy.times()) {
        Instant candidate = ZonedDateTime.of(day, at, zone).toInstant();
        if (candidate.isAfter(now) && (earliest == null || candidate.isBefore(earliest))) {
          earliest = candidate;
        }
      }
      if (earliest != null) {
        return earliest;
      }
    }
    throw new IllegalStateException("backup.days names no weekday: " + policy.days());
  }

  /**
   * The longest time between two scheduled backups, on the wall clock: a day for one time every day, three days
   * for a weekday schedule over a weekend. A newest backup older than this is not late yet.
   */
  static Duration longestGap(BackupPolicy policy) {
    List<LocalDateTime> week = new ArrayList<>();
    LocalDate monday = LocalDate.of(2024, 1, 1);
    for (int i = 0; i < 14; i++) {
      LocalDate day = monday.plusDays(i);
      if (policy.runsOn(day.getDayOfWeek())) {
        policy.times().forEach(at -> week.add(day.atTime(at)));
      }
    }
    Duration longest = Duration.ZERO;
    for (int i = 1; i < week.size(); i++) {
      Duration gap = Duration.between(week.get(i - 1), week.get(i));
      longest = gap.compareTo(longest) > 0 ? gap : longest;
    }
    return longest;
  }
}
