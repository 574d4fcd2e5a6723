package io.stackpilot.workflows.api;

import java.util.List;

/** An operator's decision on a step that needs attention: retry it, skip it (where allowed), or abort the run. */
public record Decision(String action, String reason) {

  public static final String RETRY = "retry";
  public static final String SKIP = "skip";
  public static final String ABORT = "abort";
  public static final List<String> ACTIONS = List.of(RETRY, SKIP, ABORT);

  public static Decision retry() {
    return new Decision(RETRY, null);
  }

  public static Decision skip() {
    return new Decision(SKIP, null);
  }

  public static Decision abort(String reason) {
    return new Decision(ABORT, reason);
  }
}
