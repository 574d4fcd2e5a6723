package io.stackpilot.workflows.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Input of InstallStack: where the customer repo is and which ref to deploy,
 * {@code {"repo":"file:///srv/git/acme.git","ref":"main"}}; {@code ref} defaults to {@code main}.
 * {@code backup}: the id of a complete backup in the customer's store to install from (see {@code stackctl backups}),
 * when the newest is not the one wanted (unusable, or data from before a mistake); by default the newest, else the
 * release's vanilla backup. {@code until}: where a stack that archives its binary log recovers to, replayed after the
 * backup — {@code latest} (the default: the newest archived point), an ISO-8601 instant (the newest backup before it,
 * then the log up to it), or {@code backup} (the backup alone). {@code hostPickupTimeout} and {@code heartbeatTimeout}
 * as in {@link StackRequest}.
 */
public record InstallRequest(String repo, String ref, String hostPickupTimeout, String backup, String heartbeatTimeout,
    @JsonInclude(JsonInclude.Include.NON_NULL) String until) implements OperatorInput {

  public InstallRequest(String repo, String ref) {
    this(repo, ref, null, null, null, null);
  }

  public InstallRequest(String repo, String ref, String hostPickupTimeout, String backup, String heartbeatTimeout) {
    this(repo, ref, hostPickupTimeout, backup, heartbeatTimeout, null);
  }
}
