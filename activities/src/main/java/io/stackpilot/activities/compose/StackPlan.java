package io.stackpilot.activities.compose;

import io.stackpilot.workflows.activities.ServiceChange;
import java.util.List;

/**
 * Desired against actual: the network and named volumes to create, then each service with its change and
 * reason. A value the workflow records and prints.
 */
public record StackPlan(String project, List<String> resources, List<ServiceChange> changes) {

  public StackPlan {
    resources = List.copyOf(resources);
    changes = List.copyOf(changes);
  }

  public boolean changesNothing() {
    return resources.isEmpty() && changes.stream().allMatch(c -> c.action() == ServiceChange.Action.UNCHANGED);
  }

  /** Services only, one line each: what happens to each and why. */
  public List<String> lines() {
    return changes.stream().map(ServiceChange::toString).toList();
  }

  /** Everything, resources first, as printed for an operator. */
  public List<String> allLines() {
    List<String> all = new java.util.ArrayList<>(resources);
    all.addAll(lines());
    return all;
  }
}
