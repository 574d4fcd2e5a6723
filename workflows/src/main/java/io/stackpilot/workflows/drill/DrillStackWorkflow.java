package io.stackpilot.workflows.drill;

import io.stackpilot.workflows.api.DrillRequest;
import io.stackpilot.workflows.api.DrillResult;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A disaster-recovery drill: the newest (or a named) backup restored onto a drill copy of the stack, compared with the
 * table fingerprints its manifest recorded, brought up until healthy, RTO and RPO measured, and the copy removed. The
 * running stack is not touched. A copy whose data does not match fails the drill, naming the tables.
 */
@WorkflowInterface
public interface DrillStackWorkflow extends SteerableStack {

  String TYPE = "DrillStack";

  @WorkflowMethod(name = TYPE)
  DrillResult drill(DrillRequest request);
}
