package io.stackpilot.workflows.activities;

import java.util.List;

/** What the host would change to match the desired state, one line per change with its reason. */
public record HostPlan(List<String> changes, boolean changesNothing) {

  public HostPlan {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
