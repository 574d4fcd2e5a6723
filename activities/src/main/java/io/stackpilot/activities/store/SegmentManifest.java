package io.stackpilot.activities.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stackpilot.workflows.activities.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The commit marker of one archived binary log file, written after its bytes: which log and file it is, where its
 * events end, its SHA-256 and size, the times of its first and last event, how many transactions it commits, and the
 * host and time it was archived from. A segment without a manifest does not exist.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentManifest(String format, String customer, String lineage, String file, long endPosition,
    String sha256, long size, String firstEventAt, String lastEventAt, long transactions, java.util.List<String> tables,
    String host, String archivedAt) {

  public static final String FORMAT = "stackpilot-binlog-segment/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SegmentManifest parse(byte[] json) throws IOException {
    SegmentManifest m = JSON.readValue(json, SegmentManifest.class);
    if (!FORMAT.equals(m.format()) || m.file() == null || m.sha256() == null || m.lineage() == null) {
      throw new IOException("not a segment manifest of format " + FORMAT);
    }
    SegmentArchive.sequence(m.file());
    return m;
  }

  @JsonIgnore
  public long sequence() {
    return SegmentArchive.sequence(file);
  }

  public Segment segment() {
    return new Segment(lineage, file, endPosition, sha256, size, firstEventAt, lastEventAt, tables);
  }
}
