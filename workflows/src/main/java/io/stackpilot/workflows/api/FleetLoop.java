package io.stackpilot.workflows.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A stack's reconcile loop as the fleet index keeps it: what the fleet page and the fleet's gauges show of it and what
 * it follows (which a git push is matched against), as the
 * loop published it the last time any of it changed (backups and drills change it about once a day, a quiet loop never).
 *
 * @param ended null while the loop runs; how its run ended otherwise (terminated, completed, …)
 * @param state the loop's state as {@link ReconcileStatus#state()} names it; null when it did not answer
 */
public record FleetLoop(String state, boolean paused, String commit, String release, String host, String lastBackup,
    String lastBackupAt, String lastDrill, Map<String, String> labels, String ended, String nextBackupAt,
    Long lastBackupBytes, Long lastBackupSeconds, String lastDrillAt, Boolean lastDrillPassed, Long lastDrillRtoSeconds,
    Long lastDrillRpoSeconds, long operationsFailed, String repo, String ref) {

  public FleetLoop {
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** What a running loop's status says of it. */
  public static FleetLoop of(ReconcileStatus s) {
    return new FleetLoop(s.state(), s.paused(), s.appliedCommit(), s.release(), s.host(), s.lastBackup(),
        s.lastBackupAt(), clip(s.lastDrill()), s.labels(), null, s.nextBackupAt(), s.lastBackupBytes(), s.lastBackupSeconds(),
        s.lastDrillAt(), s.lastDrillPassed(), s.lastDrillRtoSeconds(), s.lastDrillRpoSeconds(), s.operationsFailed(),
        s.repo(), s.ref());
  }

  /** A failed drill's verdict carries its error, which can be long: the page shows its start, the index takes 1,000. */
  private static String clip(String text) {
    return text == null || text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  /** A loop whose run is over, as Temporal names how it ended. */
  public static FleetLoop ended(String status) {
    return new FleetLoop(null, false, null, null, null, null, null, null, Map.of(), status, null, null, null, null, null,
        null, null, 0, null, null);
  }

  /** A running loop that did not answer its status query. */
  public static FleetLoop notAnswering() {
    return ended(null);
  }

  /** Running and answering: its state and figures are known. */
  public boolean answered() {
    return ended == null && state != null;
  }
}
