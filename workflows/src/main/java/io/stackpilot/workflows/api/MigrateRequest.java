package io.stackpilot.workflows.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Input of MigrateStack: the customer repo (whose stack.yaml names the new host), the host the stack runs
 * on now, and whether to take a final backup there first (default true). The old host is taken as down when
 * it does not pick up the final backup within {@code fromHostTimeout} (ISO-8601, default PT1M); the run then
 * continues from the newest backup in the store. {@code backup}: install the new host from this complete backup
 * instead (no final backup is taken then). {@code until}: as in {@link InstallRequest}, when the new host is installed
 * from the store (no final backup). {@code hostPickupTimeout} and {@code heartbeatTimeout} as in {@link StackRequest}.
 */
public record MigrateRequest(String repo, String ref, String fromHost, Boolean finalBackup, String fromHostTimeout,
    String hostPickupTimeout, String backup, String heartbeatTimeout,
    @JsonInclude(JsonInclude.Include.NON_NULL) String until) implements OperatorInput {

  public MigrateRequest(String repo, String ref, String fromHost, Boolean finalBackup) {
    this(repo, ref, fromHost, finalBackup, null, null, null, null, null);
  }

  public MigrateRequest(String repo, String ref, String fromHost, Boolean finalBackup, String fromHostTimeout,
      String hostPickupTimeout, String backup, String heartbeatTimeout) {
    this(repo, ref, fromHost, finalBackup, fromHostTimeout, hostPickupTimeout, backup, heartbeatTimeout, null);
  }
}
