package io.stackpilot.workflows.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.model.BackupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several backup times a day and weekdays, across both daylight-saving changes of Europe/Berlin. */
class BackupScheduleTest {

  private static BackupPolicy policy(String at, List<String> days) {
    return new BackupPolicy("file:///var/backups/stackpilot/acme", at, "Europe/Berlin", null, null, null, days);
  }

  @Test
  void twoTimesInsideTheSpringGapRunAfterItInTheirOrder() {
    BackupPolicy gap = policy("02:45,02:15", null);
    Instant first = BackupSchedule.next(Instant.parse("2027-03-28T00:00:00Z"), gap);
    Instant second = BackupSchedule.next(first, gap);

    assertThat(first).as("02:15 does not exist that night: 03:15 CEST").isEqualTo("2027-03-28T01:15:00Z");
    assertThat(second).isEqualTo("2027-03-28T01:45:00Z");
    assertThat(BackupSchedule.next(second, gap)).as("the next night, in summer time").isEqualTo("2027-03-29T00:15:00Z");
  }

  @Test
  void aTimeTheAutumnChangeRepeatsRunsOnce() {
    BackupPolicy twice = policy("02:30", null);
    Instant first = BackupSchedule.next(Instant.parse("2026-10-25T00:00:00Z"), twice);

    assertThat(first).as("its first occurrence, in summer time").isEqualTo("2026-10-25T00:30:00Z");
    assertThat(BackupSchedule.next(first, twice)).as("not again an hour later").isEqualTo("2026-10-26T01:30:00Z");
  }

  @Test
  void weekendOnlyWaitsForSaturdayAndItsLongestGapIsSixDays() {
    BackupPolicy weekend = policy("03:00", List.of("sat", "sun"));

    assertThat(BackupSchedule.next(Instant.parse("2026-12-02T12:00:00Z"), weekend)).as("Wednesday to Saturday")
        .isEqualTo("2026-12-05T02:00:00Z");
    assertThat(BackupSchedule.longestGap(weekend)).isEqualTo(Duration.ofDays(6));
    assertThat(BackupSchedule.longestGap(policy("02:00", null))).isEqualTo(Duration.ofDays(1));
    assertThat(BackupSchedule.longestGap(policy("02:00,14:00", null))).isEqualTo(Duration.ofHours(12));
  }
}
