package io.stackpilot.workflows.api;

/**
 * Input of ReconcileStack, workflow id {@code reconcile-<customer>}: the customer repo and ref to follow,
 * {@code {"repo":"file:///srv/git/acme.git","ref":"main"}}. Optional: {@code pollInterval} (ISO-8601, default
 * PT1M), {@code backupOverdueAfter} (default PT26H), {@code maxIterations} before continuing as new (default 500),
 * and {@code state}, which only continue-as-new sets: what the previous run knew.
 */
public record ReconcileRequest(String repo, String ref, String pollInterval, String backupOverdueAfter,
    Integer maxIterations, ReconcileState state) {

  public ReconcileRequest withState(ReconcileState carried) {
    return new ReconcileRequest(repo, ref, pollInterval, backupOverdueAfter, maxIterations, carried);
  }
}
