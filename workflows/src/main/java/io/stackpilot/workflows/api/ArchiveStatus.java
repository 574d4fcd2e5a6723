package io.stackpilot.workflows.api;

/**
 * Where the archive of a stack's binary log stands: {@code state} archiving, needs-base (a full backup is being taken
 * to start a chain), gap (a file the chain needed was lost; a full backup closes it) or stopped; the lineage and newest
 * archived file and event; the backup the chain starts from; how many gaps were met and the last one; the last error
 * a shipping run met (cleared by the next good one) and when the status changed.
 */
public record ArchiveStatus(String customer, String state, String commit, String lineage, String lastFile,
    String lastEventAt, String chainBackup, int gaps, String lastGap, String lastError, String updatedAt) {

  public static final String STARTING = "starting";
  public static final String STOPPED = "stopped";
  /** Every state an archive reports. */
  public static final java.util.List<String> STATES = java.util.List.of(STARTING,
      io.stackpilot.workflows.activities.ArchiveProgress.ARCHIVING, io.stackpilot.workflows.activities.ArchiveProgress.NEEDS_BASE,
      io.stackpilot.workflows.activities.ArchiveProgress.GAP, STOPPED);

  public static ArchiveStatus initial(String customer, String commit) {
    return new ArchiveStatus(customer, STARTING, commit, null, null, null, null, 0, null, null, null);
  }
}
