package io.stackpilot.model;

/**
 * When the reconcile loop runs a disaster-recovery drill ({@code every}: an ISO-8601 duration such as P7D) and on which
 * host ({@code host}; null: the stack's own host, as a separate compose project).
 */
public record DrillPolicy(String every, String host) {

  public java.time.Duration interval() {
    return java.time.Duration.parse(every);
  }
}
