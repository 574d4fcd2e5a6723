package io.stackpilot.workflows.steps;

import io.stackpilot.workflows.api.Notification;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Sends a run's notifications through the Notify activity, where this run's code version sends them at all (runs
 * recorded before notifications replay without them). A notification that cannot be sent is logged; it never changes
 * the run.
 */
public final class Notifications {

  private static final Logger log = Workflow.getLogger(Notifications.class);

  private Notifications() {}

  /** {@code key}: what makes this event one of its own within the run (a step number and attempt, a backup id). */
  public static void send(String event, String key, String customer, String operation, String text) {
    if (Workflow.getVersion("notify", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    String workflowId = Workflow.getInfo().getWorkflowId();
    String runId = Workflow.getInfo().getRunId();
    Notification notification = new Notification(workflowId + "/" + runId + "/" + event + "/" + key, event, customer,
        operation, text, workflowId, runId, Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString());
    try {
      StackActivities.control(StackActivities.NOTIFY, event + " of " + customer).notify(notification);
    } catch (ActivityFailure e) {
      log.warn("notification {} not sent: {}", notification.id(), e.getMessage());
    }
  }
}
