package io.stackpilot.activities.database.binlog;

/** A segment holds an event a replay must not run: it is refused before any of it runs, naming the event. */
public final class SegmentRefusedException extends RuntimeException {

  public SegmentRefusedException(String message) {
    super(message);
  }
}
