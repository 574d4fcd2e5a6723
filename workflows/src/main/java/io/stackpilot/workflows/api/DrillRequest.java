package io.stackpilot.workflows.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Input of DrillStack: {@code {"repo":"file:///srv/git/acme.git","ref":"main"}} restores the customer's newest backup
 * onto a drill copy of the stack and checks it; {@code backup} names another complete backup, {@code host} another drill
 * host than stack.yaml's {@code drill.host} (default: the stack's own host); {@code until} as in {@link InstallRequest}.
 * Timeouts as in {@link StackRequest}.
 */
public record DrillRequest(String repo, String ref, String backup, String host, String hostPickupTimeout,
    String heartbeatTimeout, @JsonInclude(JsonInclude.Include.NON_NULL) String until) implements OperatorInput {

  public DrillRequest(String repo, String ref) {
    this(repo, ref, null, null, null, null, null);
  }

  public DrillRequest(String repo, String ref, String backup, String host, String hostPickupTimeout,
      String heartbeatTimeout) {
    this(repo, ref, backup, host, hostPickupTimeout, heartbeatTimeout, null);
  }
}
