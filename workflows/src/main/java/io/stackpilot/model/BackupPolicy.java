package io.stackpilot.model;

import java.util.List;

/**
 * Where a stack's backups go, when the scheduled ones run ({@code at}: local times HH:MM, comma-separated, on
 * {@code days}, null: every day), what is never backed up, whether the binary log is archived between backups
 * ({@code binlog}; null: not archived, a disaster recovers to the newest backup), and which backups are kept
 * ({@code keep}; null: every backup, as before retention existed).
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record BackupPolicy(String store, String at, String timezone, List<String> exclude, BinlogPolicy binlog,
    KeepPolicy keep, List<String> days) {

  /** The weekdays {@code days} may name, as stack.yaml spells them. */
  public static final List<String> WEEKDAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  public static final String DEFAULT_AT = "02:00";
  public static final String DEFAULT_TIMEZONE = "Europe/Berlin";
  public static final List<String> DEFAULT_EXCLUDE = List.of("recordings", "logs");

  public BackupPolicy {
    at = at == null ? DEFAULT_AT : at;
    timezone = timezone == null ? DEFAULT_TIMEZONE : timezone;
    exclude = exclude == null ? DEFAULT_EXCLUDE : List.copyOf(exclude);
    days = days == null ? null : List.copyOf(days);
  }

  public BackupPolicy(String store, String at, String timezone, List<String> exclude, BinlogPolicy binlog,
      KeepPolicy keep) {
    this(store, at, timezone, exclude, binlog, keep, null);
  }

  /** The scheduled local times, earliest first. */
  public List<java.time.LocalTime> times() {
    return java.util.Arrays.stream(at.split(",")).map(String::trim).map(java.time.LocalTime::parse).sorted().distinct()
        .toList();
  }

  /** Whether scheduled backups run on {@code day}. */
  public boolean runsOn(java.time.DayOfWeek day) {
    return days == null || days.contains(WEEKDAYS.get(day.getValue() - 1));
  }

  public BackupPolicy(String store, String at, String timezone, List<String> exclude) {
    this(store, at, timezone, exclude, null, null, null);
  }

  public BackupPolicy(String store, String at, String timezone, List<String> exclude, BinlogPolicy binlog) {
    this(store, at, timezone, exclude, binlog, null, null);
  }

  /**
   * Continuous archiving of the binary log: the database writes it in row format, and the host agent closes and
   * archives a segment at least {@code every} (an ISO-8601 duration).
   */
  public record BinlogPolicy(String every) {
    public java.time.Duration interval() {
      return java.time.Duration.parse(every);
    }
  }

  /**
   * Grandfather-father-son retention: for the newest {@code daily} days that have a backup the newest of each day, and
   * so for ISO weeks, months and years, in the stack's time zone (restic's {@code forget --keep-daily …}). Pruning never
   * deletes the newest backup, the newest of each release, a locked one, one in use, or one a binary log chain starts at.
   */
  public record KeepPolicy(int daily, int weekly, int monthly, int yearly) {}
}
