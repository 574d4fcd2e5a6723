package io.stackpilot.workflows.activities;

import io.stackpilot.workflows.api.Notification;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells the operators' channels (webhooks in the worker configuration) about a run. Runs on the control task queue. */
@ActivityInterface
public interface NotifyActivities {

  String NOTIFY = "Notify";

  /**
   * Sends {@code notification} to every configured webhook that takes its event, each once: a retry skips the
   * webhooks an earlier attempt reached. Nothing configured: nothing sent.
   */
  @ActivityMethod(name = NOTIFY)
  void notify(Notification notification);
}
