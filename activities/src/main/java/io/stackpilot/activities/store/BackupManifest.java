package io.stackpilot.activities.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.stackpilot.workflows.activities.BinlogPosition;
import io.stackpilot.workflows.activities.TableFingerprint;

/**
 * The commit marker of a backup, written last: which release and schema version it holds, where it came
 * from, each part's SHA-256 and size, the images that ran (absent from vanilla backups), and each table's row count
 * and checksum as the dump holds them (absent where they were not recorded), and where the dump stands in the archived
 * binary log (absent when it was not archived). A backup without a manifest does not exist.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupManifest(
    String format,
    String backupId,
    String kind,
    String customer,
    String release,
    String schemaVersion,
    String commit,
    String host,
    String createdAt,
    List<Part> parts,
    Map<String, String> images,
    Map<String, TableFingerprint> tables,
    BinlogPosition binlog) {

  public static final String FORMAT = "stackpilot-backup/1";
  public static final String FILE = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public BackupManifest {
    parts = List.copyOf(parts);
    images = images == null || images.isEmpty() ? null : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(images));
    tables = tables == null ? null : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tables));
  }

  public BackupManifest(String format, String backupId, String kind, String customer, String release,
      String schemaVersion, String commit, String host, String createdAt, List<Part> parts, Map<String, String> images,
      Map<String, TableFingerprint> tables) {
    this(format, backupId, kind, customer, release, schemaVersion, commit, host, createdAt, parts, images, tables, null);
  }

  /** A manifest without table fingerprints (vanilla backups, and those taken before fingerprints were recorded). */
  public BackupManifest(String format, String backupId, String kind, String customer, String release,
      String schemaVersion, String commit, String host, String createdAt, List<Part> parts, Map<String, String> images) {
    this(format, backupId, kind, customer, release, schemaVersion, commit, host, createdAt, parts, images, null);
  }

  /** One part of a backup: its file name, SHA-256 (hex) and size in bytes. */
  public record Part(String name, String sha256, long size) {}

  /** When the backup was taken; {@link #parse} refuses a manifest where this is not an instant. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public java.time.Instant createdInstant() {
    return java.time.Instant.parse(createdAt);
  }

  public long totalSize() {
    return parts.stream().mapToLong(Part::size).sum();
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a manifest; a manifest that does not parse makes its backup incomplete, never half-trusted. */
  public static BackupManifest parse(byte[] json) throws IOException {
    BackupManifest manifest = JSON.readValue(json, BackupManifest.class);
    if (manifest.backupId() == null || manifest.release() == null || manifest.parts().isEmpty()) {
      throw new IOException("manifest lacks backupId, release or parts");
    }
    try {
      manifest.createdInstant();
    } catch (RuntimeException e) {
      throw new IOException("manifest's createdAt '" + manifest.createdAt() + "' is not an ISO-8601 instant", e);
    }
    return manifest;
  }

  public BackupManifest forCustomer(String customerId) {
    return new BackupManifest(format, backupId, kind, customerId, release, schemaVersion, commit, host, createdAt, parts,
        images, tables, binlog);
  }
}
