package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * What the host would change to match the desired state: one line per change with its reason (networks and volumes
 * first), the same changes of services typed, the services that have a container on the host now (empty: the stack is
 * not installed there), and the release's images its engine does not hold yet.
 */
public record HostPlan(List<String> changes, boolean changesNothing, List<String> present, List<String> imagesToPull,
    List<ServiceChange> services) {

  public HostPlan {
    changes = changes == null ? List.of() : List.copyOf(changes);
    present = present == null ? List.of() : List.copyOf(present);
    imagesToPull = imagesToPull == null ? List.of() : List.copyOf(imagesToPull);
    services = services == null ? List.of() : List.copyOf(services);
  }

  public HostPlan(List<ServiceChange> services, boolean changesNothing, List<String> present, List<String> imagesToPull) {
    this(services.stream().map(ServiceChange::toString).toList(), changesNothing, present, imagesToPull, services);
  }

  public HostPlan(List<ServiceChange> services, boolean changesNothing, List<String> present) {
    this(services, changesNothing, present, List.of());
  }

  /** The services an apply would start: created, recreated or started again. */
  public List<String> restarts() {
    return services.stream().filter(c -> c.action() == ServiceChange.Action.CREATE
        || c.action() == ServiceChange.Action.RECREATE || c.action() == ServiceChange.Action.START)
        .map(ServiceChange::service).distinct().toList();
  }
}
