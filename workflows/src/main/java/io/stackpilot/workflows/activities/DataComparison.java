package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * How a restored database compares with the table fingerprints its backup recorded: {@code compared} tables, and one
 * line per table that differs ("accounts: 3 rows in the backup, 2 restored"). {@code recorded}: false when the backup
 * holds no fingerprints (taken before they were recorded, or a vanilla backup); nothing was compared then.
 */
public record DataComparison(boolean recorded, int compared, List<String> mismatches) {

  public DataComparison {
    mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
  }

  public boolean matches() {
    return recorded && mismatches.isEmpty();
  }
}
