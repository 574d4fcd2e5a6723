package io.stackpilot.workflows.api;

/**
 * One backup in a customer's store as an operator chooses among them. {@code complete}: it has its manifest; an
 * incomplete one (parts without a manifest, an upload that never finished) is listed and never used. Its kind,
 * release and schema version come from the manifest, so they are null when it is incomplete; its size is the sum of
 * the parts stored, and {@code createdAt} is the manifest's time or, without one, read from the id. {@code commit}: the
 * customer-repo commit that ran when it was taken (null for vanilla and incomplete backups). {@code segments}: the
 * archived binary log segments that continue it without a hole, and {@code recoversTo} the time the newest of them
 * reaches (both null when its log is not archived).
 */
public record BackupEntry(String id, String kind, String release, String schemaVersion, long size, String createdAt,
    boolean complete, String commit, Integer segments, String recoversTo) {

  public BackupEntry(String id, String kind, String release, String schemaVersion, long size, String createdAt,
      boolean complete) {
    this(id, kind, release, schemaVersion, size, createdAt, complete, null, null, null);
  }

  public BackupEntry(String id, String kind, String release, String schemaVersion, long size, String createdAt,
      boolean complete, String commit) {
    this(id, kind, release, schemaVersion, size, createdAt, complete, commit, null, null);
  }
}
