package io.stackpilot.workflows.activities;

/**
 * Where a full backup's dump stands in its server's binary log: the segments that continue it start at
 * {@code position} of {@code file}. {@code lineage}: the binary log it belongs to (a new data volume starts a new one,
 * whose file names begin again at 000001).
 */
public record BinlogPosition(String lineage, String file, long position) {

  @Override
  public String toString() {
    return file + ":" + position;
  }
}
