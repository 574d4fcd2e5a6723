package io.stackpilot.workflows.api;

/**
 * One backup in a customer's store as an operator chooses among them. {@code complete}: it has its manifest; an
 * incomplete one (parts without a manifest, an upload that never finished) is listed and never used. Its kind,
 * release and schema version come from the manifest, so they are null when it is incomplete; its size is the sum of
 * the parts stored, and {@code createdAt} is the manifest's time or, without one, read from the id. {@code commit}: the
 * customer-repo commit that ran when it was taken (null for vanilla and incomplete backups).
 */
public record BackupEntry(String id, String kind, String release, String schemaVersion, long size, String createdAt,
    boolean complete, String commit) {

  public BackupEntry(String id, String kind, String release, String schemaVersion, long size, String createdAt,
      boolean complete) {
    this(id, kind, release, schemaVersion, size, createdAt, complete, null);
  }
}
