package io.stackpilot.workflows.api;

/**
 * Input of ReconcileStack, workflow id {@code reconcile-<customer>}: the customer repo and ref to follow,
 * {@code {"repo":"file:///srv/git/acme.git","ref":"main"}}. Optional: {@code pollInterval} (ISO-8601, default
 * PT1M), {@code backupOverdueAfter} (default PT26H), {@code maxIterations} before continuing as new (default 500),
 * {@code state}, which only continue-as-new sets: what the previous run knew, and {@code selfHeal}: repair drift (a
 * container stopped, removed or replaced outside Stackpilot) through an UpdateStack, once per drift; without it drift
 * is only reported; {@code driftCheckEvery} (ISO-8601, default PT15M, and never more often than the poll): how often
 * the host is asked whether it still runs the applied commit.
 */
public record ReconcileRequest(String repo, String ref, String pollInterval, String backupOverdueAfter,
    Integer maxIterations, ReconcileState state, Boolean selfHeal, String driftCheckEvery) implements OperatorInput {

  public ReconcileRequest(String repo, String ref, String pollInterval, String backupOverdueAfter, Integer maxIterations,
      ReconcileState state) {
    this(repo, ref, pollInterval, backupOverdueAfter, maxIterations, state, null, null);
  }

  public ReconcileRequest(String repo, String ref, String pollInterval, String backupOverdueAfter, Integer maxIterations,
      ReconcileState state, Boolean selfHeal) {
    this(repo, ref, pollInterval, backupOverdueAfter, maxIterations, state, selfHeal, null);
  }

  public ReconcileRequest withState(ReconcileState carried) {
    return new ReconcileRequest(repo, ref, pollInterval, backupOverdueAfter, maxIterations, carried, selfHeal,
        driftCheckEvery);
  }

  public boolean healsDrift() {
    return Boolean.TRUE.equals(selfHeal);
  }
}
