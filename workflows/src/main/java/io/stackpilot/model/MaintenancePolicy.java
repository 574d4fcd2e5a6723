package io.stackpilot.model;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the reconcile loop may apply a commit that restarts services: {@code windows} such as "Sun 01:00-05:00" or
 * "Mon-Fri 22:00-04:00" (an end before the start runs past midnight) in {@code timezone}, across daylight-saving
 * changes as the zone's rules say (a window starting in a skipped hour starts when the clock resumes). Pure, so
 * workflows may ask it.
 */
public record MaintenancePolicy(List<String> windows, String timezone) {

  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final String DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun|mon|tue|wed|thu|fri|sat|sun)";
  static final Pattern WINDOW = Pattern.compile(DAY + "(?:-" + DAY
      + ")? ([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])");

  public MaintenancePolicy {
    windows = List.copyOf(windows);
  }

  /** One window as written: its first and last weekday, its start and end in local time. */
  record Window(String text, DayOfWeek from, DayOfWeek to, LocalTime start, LocalTime end) {

    boolean startsOn(DayOfWeek day) {
      int span = Math.floorMod(to.getValue() - from.getValue(), 7);
      return Math.floorMod(day.getValue() - from.getValue(), 7) <= span;
    }
  }

  /** Why {@code text} is not a window, or empty when it is one. */
  public static Optional<String> refusal(String text) {
    Matcher m = WINDOW.matcher(text == null ? "" : text);
    if (!m.matches()) {
      return Optional.of("must be a weekday or a range of them and a time range, like \"Sun 01:00-05:00\" or "
          + "\"Mon-Fri 22:00-04:00\"");
    }
    if (m.group(3).equals(m.group(5)) && m.group(4).equals(m.group(6))) {
      return Optional.of("starts and ends at the same time: a window must last at least a minute");
    }
    return Optional.empty();
  }

  private static Window parse(String text) {
    Matcher m = WINDOW.matcher(text);
    if (!m.matches()) {
      throw new InvalidConfigurationException("maintenance window '" + text + "' " + refusal(text).orElse(""));
    }
    DayOfWeek from = day(m.group(1));
    DayOfWeek to = m.group(2) == null ? from : day(m.group(2));
    return new Window(text, from, to, LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))),
        LocalTime.of(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6))));
  }

  private static DayOfWeek day(String name) {
    return DayOfWeek.of(DAYS.indexOf(name.toLowerCase(Locale.ROOT)) + 1);
  }

  private ZoneId zone() {
    return ZoneId.of(timezone);
  }

  /** An opening of a window: from {@code start} until {@code end}, as instants. */
  public record Opening(Instant start, Instant end, String window) {}

  /** The opening {@code now} falls in, if any. */
  public Optional<Opening> openAt(Instant now) {
    return openings(now.minus(Duration.ofDays(2)), 4).stream()
        .filter(o -> !now.isBefore(o.start()) && now.isBefore(o.end())).findFirst();
  }

  /** The first opening that starts after {@code now}. */
  public Opening next(Instant now) {
    return openings(now, 9).stream().filter(o -> o.start().isAfter(now)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no maintenance window in the next week: " + windows));
  }

  /** How an operator reads the next opening: "Sun 01:00 Europe/Berlin". */
  public String describe(Opening opening) {
    ZonedDateTime local = opening.start().atZone(zone());
    return local.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH) + " "
        + String.format("%02d:%02d", local.getHour(), local.getMinute()) + " " + timezone;
  }

  /** Every opening of every window starting on the {@code days} local days from {@code from}'s, in time order. */
  private List<Opening> openings(Instant from, int days) {
    List<Opening> openings = new ArrayList<>();
    LocalDate first = from.atZone(zone()).toLocalDate();
    for (int i = 0; i < days; i++) {
      LocalDate date = first.plusDays(i);
      for (String text : windows) {
        Window w = parse(text);
        if (w.startsOn(date.getDayOfWeek())) {
          ZonedDateTime start = ZonedDateTime.of(date, w.start(), zone());
          ZonedDateTime end = ZonedDateTime.of(w.end().isAfter(w.start()) ? date : date.plusDays(1), w.end(), zone());
          openings.add(new Opening(start.toInstant(), end.toInstant(), text));
        }
      }
    }
    openings.sort(java.util.Comparator.comparing(Opening::start));
    return openings;
  }
}
