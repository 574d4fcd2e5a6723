package io.stackpilot.workflows.reconcile;

import io.stackpilot.model.BackupPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When the nightly backup runs next: the policy's local time in its time zone. On the day clocks go forward and
 * the time does not exist, it runs at the first moment after the gap; on the day they go back, at its first
 * occurrence. Pure, so workflows may use it.
 */
final class BackupSchedule {

  private BackupSchedule() {}

  static Instant next(Instant now, BackupPolicy policy) {
    ZoneId zone = ZoneId.of(policy.timezone());
    LocalTime at = LocalTime.parse(policy.at());
    LocalDate day = now.atZone(zone).toLocalDate();
    Instant candidate = ZonedDateTime.of(day, at, zone).toInstant();
    while (!candidate.isAfter(now)) {
      day = day.plusDays(1);
      candidate = ZonedDateTime.of(day, at, zone).toInstant();
    }
    return candidate;
  }
}
