package io.stackpilot.workflows.activities;

/**
 * Whether a restore ran, and why not when it did not (the database already held data). {@code recoveredTo}: the
 * time the database holds after replaying the archived binary log (null: nothing was replayed); {@code replay}: what
 * the replay did and where it stopped.
 */
public record RestoreResult(boolean restored, String reason, long bytes, String recoveredTo, String replay) {

  public RestoreResult(boolean restored, String reason, long bytes) {
    this(restored, reason, bytes, null, null);
  }
}
