package io.stackpilot.worker.dashboard;

import java.util.List;

/**
 * Someone who may sign in to the dashboard: the name recorded in the run's history, the token that proves it, and
 * the groups grants may name.
 */
public record Operator(String name, String token, List<String> groups) {

  public Operator {
    groups = List.copyOf(groups);
  }

  public Operator(String name, String token) {
    this(name, token, List.of());
  }
}
