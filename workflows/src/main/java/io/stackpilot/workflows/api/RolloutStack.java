package io.stackpilot.workflows.api;

/**
 * One stack of a rollout: its wave (1-based), its state ({@code pending}, {@code written}, {@code waiting-for-window},
 * {@code applying}, {@code healthy}, {@code failed}, {@code rolled-back}, {@code skipped}, {@code reverted}), the
 * commit the rollout wrote into its repo, and what happened last.
 */
public record RolloutStack(String customer, int wave, String state, String commit, String note) {

  public static final String PENDING = "pending";
  public static final String WRITTEN = "written";
  public static final String WAITING_FOR_WINDOW = "waiting-for-window";
  public static final String APPLYING = "applying";
  public static final String HEALTHY = "healthy";
  public static final String FAILED = "failed";
  public static final String ROLLED_BACK = "rolled-back";
  public static final String SKIPPED = "skipped";
  public static final String REVERTED = "reverted";

  public RolloutStack with(String newState, String newCommit, String newNote) {
    return new RolloutStack(customer, wave, newState, newCommit, newNote);
  }

  /** Done with: nothing more happens to it in this rollout. */
  public boolean settled() {
    return state.equals(HEALTHY) || state.equals(FAILED) || state.equals(ROLLED_BACK) || state.equals(SKIPPED)
        || state.equals(REVERTED);
  }
}
