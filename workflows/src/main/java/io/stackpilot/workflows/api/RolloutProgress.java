package io.stackpilot.workflows.api;

import java.util.List;

/**
 * Where a rollout stood when it continued as new, set only by the rollout itself: the wave it was watching, the
 * failures the operator accepted, each stack's state, and an operator's pause or abort not yet acted on.
 */
public record RolloutProgress(int wave, int acceptedFailures, List<RolloutStack> stacks, String pausedReason,
    String abortReason, String waitingForWindowsSince) {

  public RolloutProgress {
    stacks = stacks == null ? List.of() : List.copyOf(stacks);
  }
}
