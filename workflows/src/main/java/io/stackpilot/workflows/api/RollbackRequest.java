package io.stackpilot.workflows.api;

/**
 * Input of RollbackStack: {@code {"repo":"file:///srv/git/acme.git","ref":"main"}} brings back what ran before the
 * stack's newest safety backup — its commit's stack.yaml and release, and the backup's data — in place.
 * {@code to} names another complete backup of the customer instead. {@code acceptDataLoss}: the writes made since
 * that backup are given up in advance; otherwise the run shows what would be lost and waits for the operator's
 * {@code accept} (or abort) before it touches the database. Timeouts as in {@link StackRequest}.
 */
public record RollbackRequest(String repo, String ref, String to, Boolean acceptDataLoss, String hostPickupTimeout,
    String heartbeatTimeout) implements OperatorInput {

  public RollbackRequest(String repo, String ref, String to, boolean acceptDataLoss) {
    this(repo, ref, to, acceptDataLoss, null, null);
  }

  public boolean dataLossAccepted() {
    return Boolean.TRUE.equals(acceptDataLoss);
  }
}
