package io.stackpilot.workflows.api;

/**
 * Input of InstallStack and UpdateStack: where the customer repo is and which ref to deploy.
 * {@code {"repo":"file:///srv/git/acme.git","ref":"main"}}; {@code ref} defaults to {@code main}.
 * {@code hostPickupTimeout} (ISO-8601, default PT5M) is how long a host step waits for the host agent to pick
 * it up before the run asks for attention.
 */
public record StackRequest(String repo, String ref, String hostPickupTimeout) {

  public StackRequest(String repo, String ref) {
    this(repo, ref, null);
  }
}
