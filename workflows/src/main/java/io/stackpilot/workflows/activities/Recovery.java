package io.stackpilot.workflows.activities;

import java.util.List;
import java.util.Map;

/**
 * What a restore replays after the backup's dump: the archived segments in order, up to {@code until} (an instant;
 * null: to the end of the last segment). {@code recoversTo}: the time the database will hold once they are replayed;
 * {@code note}: why the chain ends where it does. {@code stopAt}: a position the replay ends at exactly, read from the
 * live stack with its table fingerprints {@code tablesAtStop}, which a drill compares the recovered copy with (both
 * null otherwise).
 */
public record Recovery(String until, List<Segment> segments, String recoversTo, String note, BinlogPosition stopAt,
    Map<String, TableFingerprint> tablesAtStop) {

  public Recovery {
    segments = segments == null ? List.of() : List.copyOf(segments);
  }

  public Recovery(String until, List<Segment> segments, String recoversTo, String note) {
    this(until, segments, recoversTo, note, null, null);
  }

  /** Replays up to {@code point} exactly: the segments after its file are left out. */
  public Recovery stoppingAt(LivePoint point) {
    List<Segment> upTo = new java.util.ArrayList<>();
    for (Segment segment : segments) {
      upTo.add(segment);
      if (segment.file().equals(point.position().file())) {
        break;
      }
    }
    return new Recovery(null, upTo, point.readAt(), note, point.position(), point.tables());
  }

  public long bytes() {
    return segments.stream().mapToLong(Segment::size).sum();
  }
}
