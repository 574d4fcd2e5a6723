package io.stackpilot.workflows.api;

/**
 * Input of InstallStack and UpdateStack: where the customer repo is and which ref to deploy.
 * {@code {"repo":"file:///srv/git/acme.git","ref":"main"}}; {@code ref} defaults to {@code main}.
 * {@code hostPickupTimeout} (ISO-8601, default PT5M) is how long a host step waits for the host agent to pick
 * it up before the run asks for attention. {@code heartbeatTimeout} (ISO-8601, default PT2M) is how long a host step
 * may go without reporting progress before its agent is taken as dead and the step is retried.
 */
public record StackRequest(String repo, String ref, String hostPickupTimeout, String heartbeatTimeout)
    implements OperatorInput {

  public StackRequest(String repo, String ref) {
    this(repo, ref, null, null);
  }
}
