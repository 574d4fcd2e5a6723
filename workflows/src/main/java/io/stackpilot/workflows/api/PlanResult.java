package io.stackpilot.workflows.api;

import java.util.List;

/**
 * What applying a commit would change on the stack's host, without changing anything: one line per network,
 * volume and service with its reason ("web: recreate — image …:1.0.0 → …:1.1.0").
 */
public record PlanResult(String customer, String commit, String release, String host, List<String> changes,
    boolean changesNothing) {

  public PlanResult {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
