package io.stackpilot.activities.notify;

import static io.stackpilot.activities.ActivityFailures.translated;

import io.stackpilot.workflows.activities.NotifyActivities;
import io.stackpilot.workflows.api.Notification;
import java.util.List;

/**
 * Sends notifications to the webhooks in the worker configuration. A webhook that takes the event and does not
 * answer 2xx fails the attempt, which Temporal retries; those an earlier attempt reached are not sent to again.
 */
public final class NotifyActivitiesImpl implements NotifyActivities {

  private final List<NotificationWebhook> webhooks;
  private final SentNotifications sent = new SentNotifications(10_000);

  public NotifyActivitiesImpl(List<NotificationWebhook> webhooks) {
    this.webhooks = List.copyOf(webhooks);
  }

  @Override
  public void notify(Notification notification) {
    translated(() -> {
      for (int i = 0; i < webhooks.size(); i++) {
        NotificationWebhook webhook = webhooks.get(i);
        String key = notification.id() + "#" + i;
        if (webhook.takes(notification.event()) && !sent.contains(key)) {
          webhook.send(notification);
          sent.add(key);
        }
      }
      return null;
    });
  }
}
