package io.stackpilot.workflows.activities;

import java.util.Set;

/**
 * Control activities that move no bytes of their own to report (a git fetch or push, a store listing, a manifest
 * write, a rollout's look at its stacks): the worker reports their liveness every second, so that a control worker
 * that dies in one is noticed within the heartbeat timeout instead of its start-to-close timeout. Activities that move data report from their streams.
 */
public final class Liveness {

  public static final Set<String> REPORTED_BY_WORKER = Set.of(DesiredStateActivities.FETCH_DESIRED_STATE,
      StoreActivities.FIND_NEWEST_BACKUP, StoreActivities.FIND_BACKUP, StoreActivities.WRITE_BACKUP_MANIFEST,
      RolloutActivities.WRITE_RELEASE_COMMIT, RolloutActivities.REVERT_RELEASE_COMMIT, RolloutActivities.PROBE_STACKS,
      RolloutActivities.SYNC_LOOP, RolloutActivities.ABORT_OPERATION);

  private Liveness() {}
}
