package io.stackpilot.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a host agent does with Docker on the host that runs a stack. Scheduled on task queue
 * {@code host-<host>}, so it executes on that machine. Every method is idempotent: running it twice, or again
 * after a crash, leaves the same stack.
 */
@ActivityInterface
public interface StackHostActivities {

  /** Creates the stack directory, renders compose.yaml and .env, creates network and volumes. Idempotent. */
  @ActivityMethod(name = "PrepareHost")
  void prepareHost(HostStack stack);
  /** Pulls the release's images that are missing or whose tag moved. Idempotent; heartbeats progress. */
  @ActivityMethod(name = "PullImages")
  void pullImages(HostStack stack);
  /** Creates and starts the database service and waits until it is healthy. Idempotent. */
  @ActivityMethod(name = "StartDatabase")
  void startDatabase(HostStack stack);
  /** Reconciles every enabled service: creates, recreates what changed, removes what is disabled. */
  @ActivityMethod(name = "StartServices")
  ApplyResult startServices(HostStack stack);
  /** Waits until every started service with a healthcheck is healthy; fails naming the service and its logs. */
  @ActivityMethod(name = "VerifyHealth")
  void verifyHealth(HostStack stack);
  /** What {@link #startServices} would change, and why, without changing anything. */
  @ActivityMethod(name = "PlanServices")
  HostPlan planServices(HostStack stack);
  /** Stops and removes the stack's containers and network; keeps its volumes. Idempotent. */
  @ActivityMethod(name = "StopStack")
  void stopStack(HostStack stack);
}
