package io.stackpilot.workflows.api;

import io.stackpilot.model.StackSpec;

/**
 * Everything the reconcile loop knows, in one immutable value that its status is read from and that is carried
 * across continue-as-new as it is. Each part changes whole; a new fact goes into the part it belongs to.
 *
 * @param applied what the loop last applied; null until it applied something
 * @param failed the commit whose operation failed: not tried again until a new commit or an operator's retry
 * @param pausedReason why the loop is paused; null while it runs
 * @param last the last operation the loop ran and how it ended; null before the first
 * @param pending what the repo asks for next and why; null when there is nothing to say
 * @param nightly the nightly backup: the last one, the next time, whether it is due or overdue
 * @param poll when the repo was read last and the last error the loop met
 * @param drift how the host differs from the applied commit, changed outside Stackpilot; null when it matches
 * @param drills the disaster-recovery drills stack.yaml asks for: the last one and the next; null when none ran yet
 */
public record ReconcileState(Applied applied, Failed failed, String pausedReason, Outcome last, Pending pending,
    Nightly nightly, Poll poll, Drift drift, Drills drills) {

  public ReconcileState {
    nightly = nightly == null ? Nightly.NONE : nightly;
    poll = poll == null ? Poll.NONE : poll;
  }

  public static ReconcileState initial() {
    return new ReconcileState(null, null, null, null, null, Nightly.NONE, Poll.NONE, null, null);
  }

  /** A commit the loop applied, with the stack it describes. */
  public record Applied(String commit, StackSpec stack) {}

  /**
   * A commit the loop does not apply again on its own: its operation failed, or ({@code rolledBack}) the operator
   * rolled the stack back from it.
   */
  public record Failed(String commit, String reason, boolean rolledBack) {
    public Failed(String commit, String reason) {
      this(commit, reason, false);
    }
  }

  /**
   * How the operation the loop ran last ended: "completed" or "failed: …"; {@code failures}: how many of the
   * operations the loop ran failed since it started, carried across continue-as-new.
   */
  public record Outcome(String operation, String outcome, long failures) {
    public boolean failed() {
      return outcome != null && outcome.startsWith("failed");
    }
  }

  /** What the repo asks for next ({@code change}: install, update, migrate, waiting, window, or null) and why. */
  public record Pending(String change, String reason) {
    /** A commit that restarts services waits for a maintenance window. */
    public static final String WINDOW = "window";
  }

  /** When the loop read the repo last, and the last error it met (cleared by the next good read). */
  public record Poll(String lastPollAt, String lastError) {
    static final Poll NONE = new Poll(null, null);
  }

  /**
   * The nightly backup: the newest backup known ({@code lastBackup} at {@code lastBackupAt}), the next time one is
   * taken, whether it is due now, a note when the last attempt did not complete, whether the newest is overdue, and
   * when the store was last asked for the newest; its size as the store holds it, and how long writing it took when
   * the loop saw it written (null: not known).
   */
  public record Nightly(String lastBackup, String lastBackupAt, String nextAt, boolean due, String note, boolean overdue,
      String freshnessCheckedAt, Long lastBackupBytes, Long lastBackupSeconds) {
    public static final Nightly NONE = new Nightly(null, null, null, false, null, false, null, null, null);
  }

  /**
   * The host no longer matches the applied commit ({@code reason}: the changes an apply would make, one per
   * service), seen first at {@code since}; {@code repairedAt}: when the loop started an UpdateStack to repair this
   * drift (null: not repaired), which it does once per drift.
   */
  public record Drift(String reason, String since, String repairedAt) {}

  /**
   * The last drill ({@code lastAt}, {@code outcome} "passed" or "failed: …", its RTO and RPO in seconds, the backup it
   * restored) and when the next one is due ({@code nextAt}).
   */
  public record Drills(String lastAt, String outcome, Long rtoSeconds, Long rpoSeconds, String backupId, String nextAt) {
    public boolean failed() {
      return outcome != null && !outcome.equals("passed");
    }
  }

  public boolean paused() {
    return pausedReason != null;
  }

  public ReconcileState withApplied(Applied value) {
    return new ReconcileState(value, failed, pausedReason, last, pending, nightly, poll, drift, drills);
  }

  public ReconcileState withFailed(Failed value) {
    return new ReconcileState(applied, value, pausedReason, last, pending, nightly, poll, drift, drills);
  }

  public ReconcileState withPausedReason(String value) {
    return new ReconcileState(applied, failed, value, last, pending, nightly, poll, drift, drills);
  }

  /** The loop's operation {@code operation} ended with {@code outcome}, counted when it failed. */
  public ReconcileState ended(String operation, String outcome) {
    long failures = last == null ? 0 : last.failures();
    Outcome value = new Outcome(operation, outcome, failures);
    if (value.failed()) {
      value = new Outcome(operation, outcome, failures + 1);
    }
    return new ReconcileState(applied, failed, pausedReason, value, pending, nightly, poll, drift, drills);
  }

  public ReconcileState withPending(Pending value) {
    return new ReconcileState(applied, failed, pausedReason, last, value, nightly, poll, drift, drills);
  }

  public ReconcileState withNightly(Nightly value) {
    return new ReconcileState(applied, failed, pausedReason, last, pending, value, poll, drift, drills);
  }

  public ReconcileState withDrills(Drills value) {
    return new ReconcileState(applied, failed, pausedReason, last, pending, nightly, poll, drift, value);
  }

  public ReconcileState withDrift(Drift value) {
    return new ReconcileState(applied, failed, pausedReason, last, pending, nightly, poll, value, drills);
  }

  public ReconcileState withPoll(Poll value) {
    return new ReconcileState(applied, failed, pausedReason, last, pending, nightly, value, drift, drills);
  }
}
