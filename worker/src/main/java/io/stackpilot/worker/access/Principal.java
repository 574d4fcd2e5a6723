package io.stackpilot.worker.access;

import java.util.List;

/**
 * Who asks: the name runs and the audit record, and the groups grants may name. {@code ANONYMOUS} reads a dashboard
 * opened with {@code publicRead} and nothing else.
 */
public record Principal(String name, List<String> groups) {

  public static final Principal ANONYMOUS = new Principal("anonymous", List.of());

  public Principal {
    groups = List.copyOf(groups);
  }

  public boolean anonymous() {
    return this == ANONYMOUS;
  }
}
