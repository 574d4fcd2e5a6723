package io.stackpilot.worker.dashboard;

import java.util.List;

/**
 * The fleet dashboard on {@code address} (null: off): pages for the operators listed (each token resolved from its
 * reference; a credential) — or, with {@code publicRead}, read-only pages for whoever reaches the address on a
 * trusted network — actions only for operators, and links to the Temporal Web UI when {@code temporalWebUi} (its
 * base URL) is set.
 */
public record DashboardSettings(String address, List<Operator> operators, String temporalWebUi, boolean publicRead) {

  public static final DashboardSettings NONE = new DashboardSettings(null, List.of(), null, false);

  public DashboardSettings(String address, List<Operator> operators, String temporalWebUi) {
    this(address, operators, temporalWebUi, false);
  }
}
