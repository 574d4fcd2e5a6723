package io.stackpilot.workflows.api;

import java.util.List;

/**
 * The fleet index's input: the stacks it starts from (a continued run carries them; a new index starts empty) and
 * after how many updates it continues as new (null: 2,000).
 */
public record FleetIndexRequest(List<FleetStack> stacks, Integer maxUpdates) {

  public static FleetIndexRequest empty() {
    return new FleetIndexRequest(List.of(), null);
  }
}
