package io.stackpilot.workflows.api;

/**
 * One stack of the fleet index: its newest operation and its loop (either null when it has none), each with the time
 * (epoch milliseconds) of the observation it came from, which orders updates that arrive late.
 */
public record FleetStack(String customer, FleetOperation operation, long operationAt, FleetLoop loop, long loopAt) {

  /** This stack with {@code update} applied: each part it carries replaces an older or equally old one. */
  public FleetStack with(FleetUpdate update) {
    boolean newerOperation = update.operation() != null && (operation == null || update.at() >= operationAt);
    boolean newerLoop = update.loop() != null && (loop == null || update.at() >= loopAt);
    return new FleetStack(customer, newerOperation ? update.operation() : operation,
        newerOperation ? update.at() : operationAt, newerLoop ? update.loop() : loop, newerLoop ? update.at() : loopAt);
  }

  /** Whether this stack already shows what {@code update} says (the time aside): a repair need not send it. */
  public boolean shows(FleetUpdate update) {
    return (update.operation() == null || update.operation().equals(operation))
        && (update.loop() == null || update.loop().equals(loop));
  }
}
