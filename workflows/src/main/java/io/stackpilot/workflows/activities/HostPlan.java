package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * What the host would change to match the desired state, one line per change with its reason, and the services
 * that have a container on the host now (empty: the stack is not installed there).
 */
public record HostPlan(List<String> changes, boolean changesNothing, List<String> present) {

  public HostPlan {
    changes = changes == null ? List.of() : List.copyOf(changes);
    present = present == null ? List.of() : List.copyOf(present);
  }
}
