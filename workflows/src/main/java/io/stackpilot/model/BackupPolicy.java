package io.stackpilot.model;

import java.util.List;

/** Where a stack's backups go, when the nightly one runs, and what is never backed up. */
public record BackupPolicy(String store, String at, String timezone, List<String> exclude) {

  public static final String DEFAULT_AT = "02:00";
  public static final String DEFAULT_TIMEZONE = "Europe/Berlin";
  public static final List<String> DEFAULT_EXCLUDE = List.of("recordings", "logs");

  public BackupPolicy {
    at = at == null ? DEFAULT_AT : at;
    timezone = timezone == null ? DEFAULT_TIMEZONE : timezone;
    exclude = exclude == null ? DEFAULT_EXCLUDE : List.copyOf(exclude);
  }
}
