package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * What the data of a stack would go through: the schema version it is at (the running database's, or the backup's an
 * install would restore), the release's migrations above it ("V2 account plans"), and the restore throughput last
 * measured on the host in bytes of backup per second (null: none measured there).
 */
public record DataPlan(String schemaVersion, List<String> pendingMigrations, Long restoreBytesPerSecond) {

  public DataPlan {
    pendingMigrations = pendingMigrations == null ? List.of() : List.copyOf(pendingMigrations);
  }
}
