package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * The tables of a stack's database written since a moment, as the server tracks it. {@code measurable}: false when the
 * server cannot tell (it restarted after that moment and forgot earlier writes); {@code why} says so.
 */
public record ChangedTables(boolean measurable, List<String> tables, String why) {

  public ChangedTables {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }
}
