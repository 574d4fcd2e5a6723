package io.stackpilot.worker.dashboard;

import java.util.LinkedHashMap;

/** A page's values by name; {@link #with} chains. */
final class PageModel extends LinkedHashMap<String, Object> {

  PageModel with(String key, Object value) {
    put(key, value);
    return this;
  }
}
