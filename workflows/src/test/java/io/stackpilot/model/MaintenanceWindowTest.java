package io.stackpilot.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When maintenance windows are open, in the stack's time zone, across midnight and daylight-saving changes. */
class MaintenanceWindowTest {

  private static final MaintenancePolicy BERLIN = new MaintenancePolicy(List.of("Sun 01:00-05:00", "Wed 02:00-04:00"),
      "Europe/Berlin");

  @Test
  void aWindowIsOpenFromItsStartUntilJustBeforeItsEndInItsZone() {
    // Sunday 2026-12-06 01:00 in Berlin is 00:00 UTC (winter time)
    assertThat(BERLIN.openAt(Instant.parse("2026-12-05T23:59:59Z"))).isEmpty();
    assertThat(BERLIN.openAt(Instant.parse("2026-12-06T00:00:00Z"))).get()
        .satisfies(o -> assertThat(o.window()).isEqualTo("Sun 01:00-05:00"))
        .satisfies(o -> assertThat(o.end()).isEqualTo(Instant.parse("2026-12-06T04:00:00Z")));
    assertThat(BERLIN.openAt(Instant.parse("2026-12-06T03:59:59Z"))).isPresent();
    assertThat(BERLIN.openAt(Instant.parse("2026-12-06T04:00:00Z"))).isEmpty();
  }

  @Test
  void theNextOpeningIsTheSoonestOfAllWindowsAndSaysItselfInLocalTime() {
    MaintenancePolicy.Opening next = BERLIN.next(Instant.parse("2026-12-04T10:00:00Z"));

    assertThat(next.start()).isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(BERLIN.describe(next)).isEqualTo("Sun 01:00 Europe/Berlin");
    assertThat(BERLIN.next(Instant.parse("2026-12-06T00:00:00Z")).start()).as("after a start: the one after it")
        .isEqualTo(Instant.parse("2026-12-09T01:00:00Z"));
  }

  @Test
  void aWindowEndingBeforeItsStartRunsPastMidnightAndADayRangeOpensEachDay() {
    MaintenancePolicy nights = new MaintenancePolicy(List.of("Mon-Fri 22:00-04:00"), "UTC");

    assertThat(nights.openAt(Instant.parse("2026-12-05T03:30:00Z"))).as("Saturday 03:30: Friday's night").isPresent();
    assertThat(nights.openAt(Instant.parse("2026-12-05T22:30:00Z"))).as("Saturday night: not in Mon-Fri").isEmpty();
    assertThat(nights.openAt(Instant.parse("2026-12-07T01:00:00Z"))).as("Monday 01:00: Sunday night is not one")
        .isEmpty();
    assertThat(nights.next(Instant.parse("2026-12-05T10:00:00Z")).start()).isEqualTo(Instant.parse("2026-12-07T22:00:00Z"));
    assertThat(new MaintenancePolicy(List.of("Fri-Mon 12:00-13:00"), "UTC").openAt(Instant.parse("2026-12-06T12:30:00Z")))
        .as("a range across the week's end").isPresent();
  }

  @Test
  void windowsFollowTheLocalClockAcrossDaylightSavingChanges() {
    // Summer time ends on Sunday 2026-10-25 at 03:00 CEST: 01:00 local is 23:00 UTC the day before, 05:00 local is 04:00 UTC
    MaintenancePolicy.Opening autumn = BERLIN.next(Instant.parse("2026-10-23T12:00:00Z"));
    assertThat(autumn.start()).isEqualTo(Instant.parse("2026-10-24T23:00:00Z"));
    assertThat(autumn.end()).as("an hour longer that night").isEqualTo(Instant.parse("2026-10-25T04:00:00Z"));
    // Summer time starts on Sunday 2027-03-28 at 02:00 CET: a window at 02:30 starts when the clock resumes, 03:30 CEST
    MaintenancePolicy skipped = new MaintenancePolicy(List.of("Sun 02:30-04:00"), "Europe/Berlin");
    assertThat(skipped.next(Instant.parse("2027-03-27T12:00:00Z")).start()).isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
  }

  @Test
  void aWindowIsRefusedWithWhatItMustLookLike() {
    assertThat(MaintenancePolicy.refusal("Sunday 01:00-05:00")).get().asString().contains("\"Sun 01:00-05:00\"");
    assertThat(MaintenancePolicy.refusal("Sun 01:00-01:00")).get().asString().contains("at least a minute");
    assertThat(MaintenancePolicy.refusal("sun 01:00-05:00")).isEmpty();
  }
}
