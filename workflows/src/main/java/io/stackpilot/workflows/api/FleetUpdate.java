package io.stackpilot.workflows.api;

/**
 * What a run tells the fleet index of its stack (a part left null is not touched), observed at {@code at} (epoch
 * milliseconds: the run's workflow time, or the control worker's clock for a repair).
 */
public record FleetUpdate(String customer, long at, FleetOperation operation, FleetLoop loop) {}
