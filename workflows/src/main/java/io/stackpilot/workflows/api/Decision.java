package io.stackpilot.workflows.api;

import java.util.List;

/**
 * An operator's decision on a step that needs attention: retry it, skip it (where allowed), or abort the run; on a
 * step that waits for confirmation: accept or abort.
 */
public record Decision(String action, String reason) {

  public static final String RETRY = "retry";
  public static final String SKIP = "skip";
  public static final String ABORT = "abort";
  /** Goes ahead with a step that waits for the operator's confirmation (a rollback giving up recent writes). */
  public static final String ACCEPT = "accept";
  public static final List<String> ACTIONS = List.of(RETRY, SKIP, ABORT, ACCEPT);

  public static Decision retry() {
    return new Decision(RETRY, null);
  }

  public static Decision skip() {
    return new Decision(SKIP, null);
  }

  public static Decision accept() {
    return new Decision(ACCEPT, null);
  }

  public static Decision abort(String reason) {
    return new Decision(ABORT, reason);
  }
}
