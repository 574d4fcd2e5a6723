package io.stackpilot.workflows.steps;

import io.stackpilot.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Checks a workflow input before any step runs; a bad input ends the run at once, naming the field. */
public final class Inputs {

  public static final String DEFAULT_REF = "main";

  private Inputs() {}

  public static String repo(String repo, String example) {
    if (repo == null || repo.isBlank()) {
      throw invalid("input: repo is required, e.g. " + example);
    }
    return repo;
  }

  public static String required(String field, String value, String example) {
    if (value == null || value.isBlank()) {
      throw invalid("input: " + field + " is required, e.g. " + example);
    }
    return value;
  }

  /** A Flyway version such as 2 or 1.1: the schema an imported database is at. */
  public static String schemaVersion(String value, String example) {
    String version = required("schemaVersion", value, example);
    if (!version.matches("[0-9]+(\\.[0-9]+)*")) {
      throw invalid("input: schemaVersion: '" + version + "' is not a Flyway version such as 1 or 2.1");
    }
    return version;
  }

  public static String ref(String ref) {
    return ref == null || ref.isBlank() ? DEFAULT_REF : ref;
  }

  /** The timeouts of host steps: the input's hostPickupTimeout and heartbeatTimeout, else the defaults. */
  public static StackActivities.HostTimeouts hostTimeouts(String pickup, String heartbeat) {
    return new StackActivities.HostTimeouts(duration("hostPickupTimeout", pickup, StackActivities.HOST_PICKUP),
        duration("heartbeatTimeout", heartbeat, StackActivities.HOST_HEARTBEAT));
  }

  /** An optional ISO-8601 duration such as PT5M; {@code fallback} when absent. */
  public static Duration duration(String field, String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      Duration parsed = Duration.parse(value);
      if (parsed.isNegative() || parsed.isZero()) {
        throw invalid("input: " + field + ": '" + value + "' must be longer than zero");
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw invalid("input: " + field + ": '" + value + "' is not an ISO-8601 duration such as PT5M or PT30S");
    }
  }

  /**
   * Where a recovery ends: null for the newest archived point ({@code latest} or absent), {@link #UNTIL_BACKUP} for the
   * backup alone, else an ISO-8601 instant as given.
   */
  public static String until(String value) {
    if (value == null || value.isBlank() || value.equals("latest")) {
      return null;
    }
    if (value.equals(UNTIL_BACKUP)) {
      return value;
    }
    try {
      return java.time.Instant.parse(value).toString();
    } catch (DateTimeParseException e) {
      throw invalid("input: until: '" + value + "' is not latest, backup or an ISO-8601 instant such as "
          + "2026-12-03T14:05:00Z");
    }
  }

  /** {@code until} that restores the backup alone and replays nothing. */
  public static final String UNTIL_BACKUP = "backup";

  public static <T> T present(T input, String example) {
    if (input == null) {
      throw invalid("input is required, e.g. " + example);
    }
    return input;
  }

  public static ApplicationFailure invalid(String message) {
    return FailureType.INVALID_CONFIGURATION.failure(message);
  }
}
