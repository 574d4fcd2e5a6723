package io.stackpilot.workflows.api;

import java.util.List;

/** A page of the fleet index, in customer order; {@code next}: the customer to ask after, or null on the last page. */
public record FleetPage(List<FleetStack> stacks, String next, int total) {}
