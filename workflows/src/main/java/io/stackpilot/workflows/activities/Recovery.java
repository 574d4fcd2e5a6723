package io.stackpilot.workflows.activities;

import java.util.List;

/**
 * What a restore replays after the backup's dump: the archived segments in order, up to {@code until} (an instant;
 * null: to the end of the last segment). {@code recoversTo}: the time the database will hold once they are replayed;
 * {@code note}: why the chain ends where it does.
 */
public record Recovery(String until, List<Segment> segments, String recoversTo, String note) {

  public Recovery {
    segments = segments == null ? List.of() : List.copyOf(segments);
  }

  public long bytes() {
    return segments.stream().mapToLong(Segment::size).sum();
  }
}
