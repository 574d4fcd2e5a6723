package io.stackpilot.workflows.activities;

import io.stackpilot.model.InvalidConfigurationException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of a backup Stackpilot takes: {@code <UTC time to the second>-<run>[-<attempt>]}, e.g.
 * {@code 20261201T020000Z-3f2a9c1b}. The time makes ids sort by age and is the backup's creation time; the run
 * keeps two backups taken in the same second apart; the attempt (from the second on) gives each retry of the
 * upload a fresh id, so a retry never meets the parts its earlier attempt left (they stay invisible: no manifest).
 * Vanilla backups keep the id their release gave them.
 */
public record BackupId(Instant createdAt, String run, int attempt) {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final Pattern FORMAT = Pattern.compile("(\\d{8}T\\d{6}Z)-([a-zA-Z0-9]+)(?:-(\\d{1,4}))?");
  private static final int RUN_CHARS = 8;

  public BackupId {
    createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt " + attempt + " is not 1 or more");
    }
  }

  /** A new id for a backup taken at {@code at} by the run {@code runId} (its first eight characters). */
  public static BackupId of(Instant at, String runId) {
    String run = runId.replace("-", "");
    return new BackupId(at, run.substring(0, Math.min(RUN_CHARS, run.length())), 1);
  }

  /** Reads an id this class made; anything else is refused naming the expected form. */
  public static BackupId parse(String id) {
    Matcher m = id == null ? null : FORMAT.matcher(id);
    if (m == null || !m.matches()) {
      throw new InvalidConfigurationException("backup id '" + id + "' is not <yyyyMMddTHHmmssZ>-<run>, e.g. 20261201T020000Z-3f2a9c1b");
    }
    return new BackupId(LocalDateTime.parse(m.group(1), TIME).toInstant(ZoneOffset.UTC), m.group(2),
        m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
  }

  /** The id of the same backup written by attempt {@code n} of its upload. */
  public BackupId attempt(int n) {
    return new BackupId(createdAt, run, n);
  }

  @Override
  public String toString() {
    return TIME.format(createdAt.atOffset(ZoneOffset.UTC)) + "-" + run + (attempt == 1 ? "" : "-" + attempt);
  }
}
