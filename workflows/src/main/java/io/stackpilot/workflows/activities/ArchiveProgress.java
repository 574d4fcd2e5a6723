package io.stackpilot.workflows.activities;

/**
 * Where the archive of a stack's binary log stands after a shipping run. {@code state}: {@link #ARCHIVING} (the chain
 * is complete up to {@code lastFile}), {@link #NEEDS_BASE} (no full backup starts a chain on this log yet) or
 * {@link #GAP} (a file the chain needs is gone from the server before it was archived: {@code note} says which);
 * either of the last two is closed by a new full backup. {@code lastEventAt}: the time of the newest archived event,
 * from which the archive's age is read; {@code shipped}: segments written by this run.
 */
public record ArchiveProgress(String state, String lineage, String lastFile, String lastEventAt, int shipped,
    String note) {

  public static final String ARCHIVING = "archiving";
  public static final String NEEDS_BASE = "needs-base";
  public static final String GAP = "gap";

  public boolean needsFullBackup() {
    return NEEDS_BASE.equals(state) || GAP.equals(state);
  }
}
