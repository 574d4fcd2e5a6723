package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * What the host would change to match the desired state, one line per change with its reason, the services that have
 * a container on the host now (empty: the stack is not installed there), and the release's images its engine does not
 * hold yet.
 */
public record HostPlan(List<String> changes, boolean changesNothing, List<String> present, List<String> imagesToPull) {

  public HostPlan {
    changes = changes == null ? List.of() : List.copyOf(changes);
    present = present == null ? List.of() : List.copyOf(present);
    imagesToPull = imagesToPull == null ? List.of() : List.copyOf(imagesToPull);
  }

  public HostPlan(List<String> changes, boolean changesNothing, List<String> present) {
    this(changes, changesNothing, present, List.of());
  }
}
