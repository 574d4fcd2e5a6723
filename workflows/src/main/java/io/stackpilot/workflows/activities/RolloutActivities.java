package io.stackpilot.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** What a fleet rollout does outside its workflow: write into customer repos, read and nudge the stacks' loops. */
@ActivityInterface
public interface RolloutActivities {

  String WRITE_RELEASE_COMMIT = "WriteReleaseCommit";
  String REVERT_RELEASE_COMMIT = "RevertReleaseCommit";
  String PROBE_STACKS = "ProbeStacks";
  String SYNC_LOOP = "SyncLoop";
  String ABORT_OPERATION = "AbortOperation";

  /**
   * Sets {@code release} in stack.yaml on {@code ref} of {@code repo} as a commit of rollout {@code rollout}, when the
   * stack there is still one {@code select} selects; a commit already written for the rollout is returned as it is.
   */
  @ActivityMethod(name = WRITE_RELEASE_COMMIT)
  WrittenCommit writeReleaseCommit(String repo, String ref, String release, String rollout, String select, String message);

  /** Sets {@code previous} again where the branch still has rollout {@code rollout}'s commit and {@code release}. */
  @ActivityMethod(name = REVERT_RELEASE_COMMIT)
  WrittenCommit revertReleaseCommit(String repo, String ref, String rollout, String release, String previous,
      String message);

  /** The loop's status and operation of each of {@code customers}, in their order. */
  @ActivityMethod(name = PROBE_STACKS)
  List<RolloutProbe> probeStacks(List<String> customers);

  /** Tells the loop of {@code customer} to look at its repo now; false when no loop runs. */
  @ActivityMethod(name = SYNC_LOOP)
  boolean syncLoop(String customer);

  /** Aborts the operation of {@code customer} that waits for an operator, saying {@code why}. */
  @ActivityMethod(name = ABORT_OPERATION)
  void abortOperation(String customer, String why);
}
