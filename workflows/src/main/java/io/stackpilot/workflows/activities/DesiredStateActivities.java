package io.stackpilot.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads a stack's desired state from its customer repo. Runs on the control task queue. */
@ActivityInterface
public interface DesiredStateActivities {

  /** Activity type names, as the workflows declare them in StackActivities. */
  String FETCH_DESIRED_STATE = "FetchDesiredState";

  /**
   * Fetches {@code repo}, resolves {@code ref} (branch, tag or commit) to a commit, and validates its
   * stack.yaml together with the release it names. Idempotent: it only reads. An invalid stack, a missing
   * ref or a missing stack.yaml fails with the non-retryable type {@code InvalidConfiguration}.
   */
  @ActivityMethod(name = FETCH_DESIRED_STATE)
  DesiredState fetchDesiredState(String repo, String ref);
}
