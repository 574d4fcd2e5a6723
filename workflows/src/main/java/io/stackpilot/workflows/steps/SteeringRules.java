package io.stackpilot.workflows.steps;

import io.stackpilot.workflows.api.Decision;

/**
 * Which decision an operator may send a run, given where it waits: none while it runs, accept or abort at a
 * confirmation, retry, skip (where the step allows it) or abort at a step that needs attention, and a backup with a
 * retry only where the step restores one. A decision that does not fit is refused with what would.
 */
final class SteeringRules {

  /** Where the run stands: {@code run} names it ("UpdateStack of acme"), {@code state} is its StackState. */
  record Waiting(String run, String step, int stepNumber, int totalSteps, String state, boolean waiting,
      boolean confirming, boolean skippable, boolean choosesBackup, String offeredBackup) {}

  private SteeringRules() {}

  static void check(Decision proposed, Waiting at) {
    if (proposed == null || proposed.action() == null || !Decision.ACTIONS.contains(proposed.action())) {
      throw new IllegalArgumentException("action must be one of " + String.join(", ", Decision.ACTIONS));
    }
    if (!at.waiting()) {
      throw new IllegalStateException(at.run() + " is not waiting for a decision (step " + at.stepNumber() + "/"
          + at.totalSteps() + " \"" + at.step() + "\" is " + at.state() + ")");
    }
    if (at.confirming() && !Decision.ACCEPT.equals(proposed.action()) && !Decision.ABORT.equals(proposed.action())) {
      throw new IllegalArgumentException("step \"" + at.step() + "\" waits for confirmation: accept or abort");
    }
    if (!at.confirming() && Decision.ACCEPT.equals(proposed.action())) {
      throw new IllegalArgumentException("step \"" + at.step() + "\" does not wait for confirmation; retry"
          + (at.skippable() ? ", skip" : "") + " or abort");
    }
    if (Decision.SKIP.equals(proposed.action()) && !at.skippable()) {
      throw new IllegalArgumentException("step \"" + at.step() + "\" cannot be skipped; retry or abort");
    }
    if (proposed.backup() != null) {
      backupChoice(proposed, at);
    }
  }

  private static void backupChoice(Decision proposed, Waiting at) {
    if (!Decision.RETRY.equals(proposed.action())) {
      throw new IllegalArgumentException("backup goes with retry only, not with " + proposed.action());
    }
    if (!at.choosesBackup()) {
      throw new IllegalArgumentException("step \"" + at.step() + "\" restores no backup; retry it without one, or abort");
    }
    if (!Decision.BACKUP_ID.matcher(proposed.backup()).matches()) {
      throw new IllegalArgumentException("backup '" + proposed.backup() + "' is not a backup id: letters, digits, '.', '_'"
          + " and '-', at most 128, e.g. " + (at.offeredBackup() == null ? "20261201T020000Z-3f2a9c1b" : at.offeredBackup()));
    }
  }
}
