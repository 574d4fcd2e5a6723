package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * One archived file of a binary log: its lineage and file name, where its events end, its SHA-256 and size, the
 * times of its first and last event (at the log's one-second resolution), and the tables its row events write
 * ({@code db.table}).
 */
public record Segment(String lineage, String file, long endPosition, String sha256, long size, String firstEventAt,
    String lastEventAt, List<String> tables) {

  public Segment {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }
}
