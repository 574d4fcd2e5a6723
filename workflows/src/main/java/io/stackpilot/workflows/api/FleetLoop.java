package io.stackpilot.workflows.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A stack's reconcile loop as the fleet index keeps it: what the loop published the last time any of it changed.
 *
 * @param ended null while the loop runs; how its run ended otherwise (terminated, completed, …)
 * @param state the loop's state as {@link ReconcileStatus#state()} names it; null when it did not answer
 */
public record FleetLoop(String state, boolean paused, String commit, String release, String host, String lastBackup,
    String lastBackupAt, String lastDrill, Map<String, String> labels, String ended) {

  public FleetLoop {
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** What a running loop's status says of it. */
  public static FleetLoop of(ReconcileStatus s) {
    return new FleetLoop(s.state(), s.paused(), s.appliedCommit(), s.release(), s.host(), s.lastBackup(),
        s.lastBackupAt(), s.lastDrill(), s.labels(), null);
  }

  /** A loop whose run is over, as Temporal names how it ended. */
  public static FleetLoop ended(String status) {
    return new FleetLoop(null, false, null, null, null, null, null, null, Map.of(), status);
  }
}
