package io.stackpilot.model;

import java.util.List;

/**
 * Where a stack's backups go, when the nightly one runs, what is never backed up, and whether the binary log is
 * archived between backups ({@code binlog}; null: not archived, a disaster recovers to the newest backup).
 */
public record BackupPolicy(String store, String at, String timezone, List<String> exclude, BinlogPolicy binlog) {

  public static final String DEFAULT_AT = "02:00";
  public static final String DEFAULT_TIMEZONE = "Europe/Berlin";
  public static final List<String> DEFAULT_EXCLUDE = List.of("recordings", "logs");

  public BackupPolicy {
    at = at == null ? DEFAULT_AT : at;
    timezone = timezone == null ? DEFAULT_TIMEZONE : timezone;
    exclude = exclude == null ? DEFAULT_EXCLUDE : List.copyOf(exclude);
  }

  public BackupPolicy(String store, String at, String timezone, List<String> exclude) {
    this(store, at, timezone, exclude, null);
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
}
