package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * The services an apply created, recreated or started, those it left unchanged and those it removed, and the
 * plan it followed, one line per change with its reason ("web: recreate — image …:1.0.0 → …:1.1.0").
 */
public record ApplyResult(List<String> started, List<String> unchanged, List<String> removed, List<String> plan) {

  public ApplyResult {
    plan = plan == null ? List.of() : List.copyOf(plan);
  }
}
