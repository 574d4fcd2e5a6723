package io.stackpilot.workflows.fleet;

import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetUpdate;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * Tells the fleet index what changed, from inside a run, where this run's code version does (runs recorded before the
 * index replay without it). Each signal is waited for, so that a run's updates arrive in order and its last one before
 * it ends; an index that is not there (not started yet, terminated) costs the run nothing but a log line, and the
 * control worker's repair fills the gap.
 */
public final class FleetPublisher {

  static final String VERSION = "fleet-index";

  private static final Logger log = Workflow.getLogger(FleetPublisher.class);

  private FleetPublisher() {}

  /** Whether this run tells the index: decided once per run, at the first call. */
  public static boolean enabled() {
    return Workflow.getVersion(VERSION, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  public static void operation(String customer, FleetOperation operation) {
    send(new FleetUpdate(customer, Workflow.currentTimeMillis(), operation, null));
  }

  public static void loop(String customer, FleetLoop loop) {
    send(new FleetUpdate(customer, Workflow.currentTimeMillis(), null, loop));
  }

  private static void send(FleetUpdate update) {
    if (!enabled()) {
      return;
    }
    try {
      Workflow.newExternalWorkflowStub(FleetIndexWorkflow.class, FleetIndexWorkflow.ID).record(List.of(update));
    } catch (SignalExternalWorkflowException | ApplicationFailure notThere) {
      log.info("fleet index not told of {}: {}", update.customer(), notThere.getMessage());
    }
  }
}
