package io.stackpilot.workflows.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Input of RolloutRelease: bring {@code release} to {@code targets} (the stacks {@code select} chose when the rollout
 * started, in wave order) in {@code waves} ("1", "10%", "100%": how many stacks have it after each wave), each wave
 * healthy and then left running for {@code soak} (ISO-8601, default none) before the next. More than
 * {@code maxFailures} failed stacks (default 0) halt the rollout for the operator; {@code autoRollback} rolls a failed
 * stack back with its data (accepting the loss of writes since its update's safety backup). {@code progress} is set
 * only by the rollout when it continues as new: an operator leaves it out.
 */
public record RolloutRequest(String release, String select, List<String> waves, String soak, Integer maxFailures,
    boolean autoRollback, List<RolloutTarget> targets,
    @JsonInclude(JsonInclude.Include.NON_NULL) RolloutProgress progress) implements OperatorInput {

  public RolloutRequest(String release, String select, List<String> waves, String soak, Integer maxFailures,
      boolean autoRollback, List<RolloutTarget> targets) {
    this(release, select, waves, soak, maxFailures, autoRollback, targets, null);
  }

  /** This rollout, to go on from {@code where}. */
  public RolloutRequest continuing(RolloutProgress where) {
    return new RolloutRequest(release, select, waves, soak, maxFailures, autoRollback, targets, where);
  }


  public RolloutRequest {
    waves = waves == null ? List.of("100%") : List.copyOf(waves);
    targets = targets == null ? List.of() : List.copyOf(targets);
  }
}
