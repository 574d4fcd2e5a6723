package io.stackpilot.workflows.activities;

import io.stackpilot.workflows.api.ReconcileStatus;

/**
 * What a rollout sees of one stack: its loop's status (null: no loop answers) and its operation's state and error
 * ({@code NeedsAttention}: a step failed and waits for an operator), with the commit that operation applies.
 */
public record RolloutProbe(String customer, ReconcileStatus loop, String operationState, String operationCommit,
    String operationError) {}
