package io.stackpilot.activities.compose;

import java.util.List;

/** Desired against actual, per service, each change with its reason; a value the workflow records and prints. */
public record StackPlan(String project, List<ServiceChange> changes) {

  public StackPlan {
    changes = List.copyOf(changes);
  }

  public boolean changesNothing() {
    return changes.stream().allMatch(c -> c.action() == ServiceChange.Action.UNCHANGED);
  }

  public List<String> lines() {
    return changes.stream().map(ServiceChange::toString).toList();
  }
}
