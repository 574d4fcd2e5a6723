package io.stackpilot.activities.database;

import io.stackpilot.workflows.activities.DataComparison;
import io.stackpilot.workflows.activities.TableFingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A restored database's table fingerprints against those its backup recorded, one line per table that differs. */
final class FingerprintComparison {

  private FingerprintComparison() {}

  static DataComparison of(Map<String, TableFingerprint> recorded, Map<String, TableFingerprint> restored) {
    return of(recorded, restored, java.util.Set.of());
  }

  /**
   * {@code replayed}: the tables a replay of the archived binary log wrote after the backup; they hold newer data than
   * the backup's fingerprints and are left out.
   */
  static DataComparison of(Map<String, TableFingerprint> recorded, Map<String, TableFingerprint> restored,
      java.util.Set<String> replayed) {
    List<String> mismatches = new ArrayList<>();
    TreeSet<String> tables = new TreeSet<>(recorded.keySet());
    tables.addAll(restored.keySet());
    tables.removeAll(replayed);
    for (String table : tables) {
      TableFingerprint want = recorded.get(table);
      TableFingerprint got = restored.get(table);
      if (want == null) {
        mismatches.add(table + ": restored with " + got.rows() + " rows, but the backup records no such table");
      } else if (got == null) {
        mismatches.add(table + ": " + want.rows() + " rows in the backup, but the table was not restored");
      } else if (want.rows() != got.rows()) {
        mismatches.add(table + ": " + want.rows() + " rows in the backup, " + got.rows() + " restored");
      } else if (!want.checksum().equals(got.checksum())) {
        mismatches.add(table + ": " + want.rows() + " rows as in the backup, but their checksum is " + got.checksum()
            + " instead of " + want.checksum() + " (the data differs)");
      }
    }
    return new DataComparison(true, tables.size(), mismatches);
  }
}
