package io.stackpilot.workflows.api;

import java.util.List;

/**
 * The answer of RolloutRelease's {@code status} query: the rollout, its state ({@code running}, {@code soaking},
 * {@code paused}, {@code halted}, {@code completed}, {@code aborted}), the wave it is in of how many, why it halted,
 * when the soak ends, and each stack.
 */
public record RolloutStatus(String id, String release, String select, String state, int wave, int waves, String halted,
    String soakUntil, List<RolloutStack> stacks) {

  public static final String RUNNING = "running";
  public static final String SOAKING = "soaking";
  public static final String PAUSED = "paused";
  public static final String HALTED = "halted";
  public static final String COMPLETED = "completed";
  public static final String ABORTED = "aborted";

  public RolloutStatus {
    stacks = stacks == null ? List.of() : List.copyOf(stacks);
  }
}
