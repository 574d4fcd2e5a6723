package io.stackpilot.workflows.activities;

import io.stackpilot.workflows.api.ReconcileStatus;

/**
 * What a rollout sees of one stack: its loop's status (null: no loop answers) and its operation's state and error
 * ({@code NeedsAttention}: a step failed and waits for an operator), with the commit that operation applies.
 * {@code operationOpen} is whether Temporal still runs that operation: an aborted or failed run says so in its state
 * while it still sends its last notes, and holds the stack's operation id until it has closed (null: a control worker
 * of a release before this field, or Temporal did not answer).
 */
public record RolloutProbe(String customer, ReconcileStatus loop, String operationState, String operationCommit,
    String operationError, Boolean operationOpen) {

  /** True once the operation no longer holds the stack's operation id, as far as this probe can tell. */
  public boolean operationEnded() {
    if (operationOpen != null) {
      return !operationOpen;
    }
    return !"Running".equals(operationState) && !"NeedsAttention".equals(operationState);
  }
}
