package io.stackpilot.workflows.fleet;

import io.stackpilot.workflows.api.FleetIndexRequest;
import io.stackpilot.workflows.api.FleetPage;
import io.stackpilot.workflows.api.FleetUpdate;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The fleet's latest status in one place (workflow id {@code fleet-index}), so that the fleet page and
 * {@code stackctl list} read one workflow instead of listing the namespace and asking every loop. Operations and
 * loops send it what changed when it changes; the control worker starts it and repairs it from the listing now and
 * then (runs started before it, runs that were terminated and could not say so).
 */
@WorkflowInterface
public interface FleetIndexWorkflow {

  String TYPE = "FleetIndex";
  String ID = io.stackpilot.workflows.api.StackNames.FLEET_INDEX;
  /** The most stacks one page answers: a page stays far below Temporal's payload limits. */
  int MAX_PAGE = 500;

  @WorkflowMethod(name = TYPE)
  void run(FleetIndexRequest request);

  /** Updates that name a stack the index does not hold yet add it. */
  @SignalMethod(name = "record")
  void record(List<FleetUpdate> updates);

  /** Up to {@code limit} stacks (at most {@link #MAX_PAGE}) after customer {@code after} (null: from the first). */
  @QueryMethod(name = "stacks")
  FleetPage stacks(String after, int limit);
}
