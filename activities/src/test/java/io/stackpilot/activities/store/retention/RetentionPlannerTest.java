package io.stackpilot.activities.store.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.activities.store.retention.RetentionPlanner.Candidate;
import io.stackpilot.activities.store.retention.RetentionPlanner.Decision;
import io.stackpilot.activities.store.retention.RetentionPlanner.Holds;
import io.stackpilot.model.BackupPolicy.KeepPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 400 nightly backups at 02:00 in Berlin (across both DST changes; 02:00 on 2026-03-29 is 03:00), 2025-10-29 to 2026-12-02; the release changes every
 * 100 days (1.0.0, 1.1.0, 1.2.0, 1.3.0); the backup of 2026-11-23 is locked until 2027; the one of 2025-11-08 is used
 * by a running operation; the worker keeps its newest 2. Each policy keeps exactly the dates listed, and deletes the
 * rest.
 */
class RetentionPlannerTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocalDate FIRST = LocalDate.parse("2025-10-29");
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
  /** What any policy keeps: the newest two (the worker's minimum), the newest of each release, the locked, the used. */
  private static final List<String> ALWAYS = List.of("2026-12-02", "2026-12-01", "2026-11-23", "2026-08-24",
      "2026-05-16", "2026-02-05", "2025-11-08");

  private static String id(LocalDate day) {
    return day.toString().replace("-", "") + "T020000Z-nightly";
  }

  private static List<Candidate> series() {
    List<Candidate> backups = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      LocalDate day = FIRST.plusDays(i);
      backups.add(new Candidate(id(day), day.atTime(LocalTime.of(2, 0)).atZone(BERLIN).toInstant(), "1." + i / 100 + ".0",
          day.equals(LocalDate.parse("2026-11-23")) ? Instant.parse("2027-01-01T00:00:00Z") : null));
    }
    return backups;
  }

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of("daily 7", new KeepPolicy(7, 0, 0, 0), List.of("2026-11-30", "2026-11-29", "2026-11-28", "2026-11-27",
            "2026-11-26")),
        Arguments.of("weekly 4: the newest of the ISO weeks 49, 48, 47 and 46", new KeepPolicy(0, 4, 0, 0),
            List.of("2026-11-29", "2026-11-22", "2026-11-15")),
        Arguments.of("monthly 12", new KeepPolicy(0, 0, 12, 0), List.of("2026-11-30", "2026-10-31", "2026-09-30",
            "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30", "2026-03-31", "2026-02-28", "2026-01-31")),
        Arguments.of("yearly 3: only two years have backups", new KeepPolicy(0, 0, 0, 3), List.of("2025-12-31")),
        Arguments.of("daily 7, weekly 4, monthly 12, yearly 3", new KeepPolicy(7, 4, 12, 3), List.of("2026-11-30",
            "2026-11-29", "2026-11-28", "2026-11-27", "2026-11-26", "2026-11-22", "2026-11-15", "2026-10-31",
            "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30", "2026-03-31", "2026-02-28",
            "2026-01-31", "2025-12-31")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void aPolicyKeepsExactlyItsBackupsAndWhatAnythingElseHolds(String name, KeepPolicy keep, List<String> alsoKept) {
    List<Decision> decisions = RetentionPlanner.plan(series(), keep, new Holds(Set.of(id(LocalDate.parse("2025-11-08"))),
        Set.of(), 2, true), BERLIN, NOW);

    List<String> expected = Stream.concat(ALWAYS.stream(), alsoKept.stream()).map(d -> id(LocalDate.parse(d))).sorted()
        .toList();
    assertThat(decisions.stream().filter(Decision::kept).map(Decision::backupId).sorted().toList()).isEqualTo(expected);
    assertThat(decisions).hasSize(400);
  }

  @org.junit.jupiter.api.Test
  void withoutAPolicyOrAWholeListingEverythingIsKeptAndSaysWhy() {
    Holds holds = new Holds(Set.of(), Set.of(), 0, true);
    assertThat(RetentionPlanner.plan(series(), null, holds, BERLIN, NOW)).allSatisfy(d -> assertThat(d.reasons())
        .containsExactly("stack.yaml sets no backup.keep: everything is kept"));
    assertThat(RetentionPlanner.plan(series(), new KeepPolicy(1, 0, 0, 0), new Holds(Set.of(), Set.of(), 0, false),
        BERLIN, NOW)).allSatisfy(d -> assertThat(d.reasons()).containsExactly("the store could not be listed completely"));
  }

  @org.junit.jupiter.api.Test
  void theBaseOfTheOpenChainAndALockedOneAreKeptWithTheirReasons() {
    String chain = id(LocalDate.parse("2026-06-01"));
    List<Decision> decisions = RetentionPlanner.plan(series(), new KeepPolicy(1, 0, 0, 0), new Holds(Set.of(),
        Set.of(chain), 0, true), BERLIN, NOW);

    assertThat(decisions.stream().filter(d -> d.backupId().equals(chain)).findFirst().orElseThrow().reasons())
        .containsExactly("base of the open binary log chain");
    assertThat(decisions.stream().filter(d -> d.backupId().equals(id(LocalDate.parse("2026-11-23")))).findFirst()
        .orElseThrow().reasons()).containsExactly("locked until 2027-01-01T00:00:00Z");
    assertThat(decisions.get(0).reasons()).containsExactly("newest", "newest of release 1.3.0", "daily 2026-12-02");
  }
}
