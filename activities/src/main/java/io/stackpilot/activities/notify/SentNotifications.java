package io.stackpilot.activities.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/** The notifications a worker already delivered to a webhook, the newest {@code capacity} of them. */
final class SentNotifications {

  private final Map<String, Boolean> sent;

  SentNotifications(int capacity) {
    this.sent = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized boolean contains(String key) {
    return sent.containsKey(key);
  }

  synchronized void add(String key) {
    sent.put(key, Boolean.TRUE);
  }
}
