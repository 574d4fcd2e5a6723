package io.stackpilot.workflows.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stack a rollout was started for: its customer, the repo and branch it follows, its release then, and whether no
 * reconcile loop runs for it ({@code direct}: the rollout itself starts its update, inside its window; left out of the
 * payload when false, so that a control worker a version behind still reads a rollout of looped stacks).
 */
public record RolloutTarget(String customer, String repo, String ref, String release,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean direct) {

  /** A stack whose loop applies the rollout's commit. */
  public RolloutTarget(String customer, String repo, String ref, String release) {
    this(customer, repo, ref, release, false);
  }
}
