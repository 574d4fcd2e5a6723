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

  /** Activity type names, as the workflows declare them in StackActivities. */
  String PREPARE_HOST = "PrepareHost";
  String PULL_IMAGES = "PullImages";
  String START_DATABASE = "StartDatabase";
  String START_SERVICES = "StartServices";
  String VERIFY_HEALTH = "VerifyHealth";
  String PLAN_SERVICES = "PlanServices";
  String STOP_STACK = "StopStack";
  String REMOVE_DRILL = "RemoveDrill";

  /** Creates the stack directory, renders compose.yaml and .env, creates network and volumes. Idempotent. */
  @ActivityMethod(name = PREPARE_HOST)
  void prepareHost(DesiredState stack);
  /** Pulls the release's images that are missing or whose tag moved. Idempotent; heartbeats progress. */
  @ActivityMethod(name = PULL_IMAGES)
  void pullImages(DesiredState stack);
  /** Creates and starts the database service and waits until it is healthy. Idempotent. */
  @ActivityMethod(name = START_DATABASE)
  void startDatabase(DesiredState stack);
  /** Reconciles every enabled service: creates, recreates what changed, removes what is disabled. */
  @ActivityMethod(name = START_SERVICES)
  ApplyResult startServices(DesiredState stack);
  /** Waits until every started service with a healthcheck is healthy; fails naming the service and its logs. */
  @ActivityMethod(name = VERIFY_HEALTH)
  void verifyHealth(DesiredState stack);
  /** What {@link #startServices} would change, and why, without changing anything. */
  @ActivityMethod(name = PLAN_SERVICES)
  HostPlan planServices(DesiredState stack);
  /** Stops and removes the stack's containers and network; keeps its volumes. Idempotent. */
  @ActivityMethod(name = STOP_STACK)
  void stopStack(DesiredState stack);

  /**
   * Removes a drill copy of a stack from the host: its containers, network, volumes and directory. Refuses anything
   * but a drill copy: a stack's own volumes are never removed. Idempotent.
   */
  @ActivityMethod(name = REMOVE_DRILL)
  void removeDrill(DesiredState drill);
}
