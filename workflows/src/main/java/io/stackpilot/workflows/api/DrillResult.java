package io.stackpilot.workflows.api;

import java.util.List;

/**
 * What a drill proved: the backup it restored (taken at {@code backupCreatedAt}) on {@code host}, how many tables
 * matched the backup's fingerprints ({@code tablesCompared}; 0 with a {@code note} when the backup records none), the
 * time from the start of the recovery until the copy was healthy ({@code rtoSeconds}), and the age of the backup when
 * the drill began, the data a real recovery would have lost ({@code rpoSeconds}).
 */
public record DrillResult(String customer, String backupId, String backupCreatedAt, String host, long rtoSeconds,
    long rpoSeconds, int tablesCompared, String note, List<StepRecord> steps) {

  public DrillResult {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }
}
