package io.stackpilot.workflows.steps;

import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DataPlan;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.ByteSizes;
import java.util.List;
import java.util.Locale;

/** How a plan words the data operations an apply would run: the backup, the services that restart, the downtime. */
public final class DataOperations {

  private DataOperations() {}

  /** An installed stack is updated (a safety backup first); otherwise the newest backup is restored, or the vanilla one. */
  public static String backup(boolean installed, BackupRef restoring, DesiredState desired) {
    if (installed) {
      return "a safety backup of the running database before anything changes";
    }
    if (restoring == null) {
      return "restore the vanilla backup of release " + desired.stack().release() + " (copied into "
          + desired.stack().backup().store() + " first: the store holds no backup yet)";
    }
    return "restore backup " + restoring.id() + " (release " + restoring.release() + ", schema " + restoring.schemaVersion()
        + ", " + size(restoring.sizeBytes()) + ", " + restoring.createdAt() + ")" + replay(restoring);
  }

  /** The archived binary log a restore replays after the backup, as a plan names it. */
  private static String replay(BackupRef restoring) {
    if (restoring.recovery() == null || restoring.recovery().segments().isEmpty()) {
      return "";
    }
    return ", then replay " + restoring.recovery().segments().size() + " archived binary log segments ("
        + size(restoring.recovery().bytes()) + ", " + restoring.recovery().segments().get(0).file() + " to "
        + restoring.recovery().segments().get(restoring.recovery().segments().size() - 1).file() + ") to "
        + restoring.recovery().recoversTo();
  }

  public static String downtime(boolean installed, BackupRef restoring, DataPlan data, List<String> restarts) {
    if (installed) {
      if (restarts.isEmpty()) {
        return "none: no service restarts";
      }
      return String.join(", ", restarts) + " down from their stop until healthy"
          + (data.pendingMigrations().isEmpty() ? "" : ", the migrations running meanwhile");
    }
    if (restoring == null) {
      return "a new installation: nothing runs yet";
    }
    if (data.restoreBytesPerSecond() == null || data.restoreBytesPerSecond() <= 0) {
      return "a new installation from " + size(restoring.sizeBytes()) + " of backup; no restore measured on this host yet";
    }
    long bytes = restoring.sizeBytes() + (restoring.recovery() == null ? 0 : restoring.recovery().bytes());
    long seconds = Math.max(1, bytes / data.restoreBytesPerSecond());
    return "about " + duration(seconds) + " to restore " + size(bytes) + " at " + size(data.restoreBytesPerSecond())
        + "/s, the last restore measured on this host" + (bytes > restoring.sizeBytes() ? " (the replay of the binary "
        + "log counted at that rate too)" : "");
  }

  private static String size(long bytes) {
    return ByteSizes.human(bytes);
  }

  /** "45 s", "12 min", "3.5 h". */
  public static String duration(long seconds) {
    return seconds < 120 ? seconds + " s" : seconds < 7200 ? (seconds + 30) / 60 + " min"
        : String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
  }
}
