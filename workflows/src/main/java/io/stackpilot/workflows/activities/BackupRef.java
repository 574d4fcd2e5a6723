package io.stackpilot.workflows.activities;

/**
 * A complete backup in a backup store (its manifest exists): where it is, which release and Flyway schema
 * version it holds, when it was taken. Large data never travels through Temporal: only this reference.
 */
public record BackupRef(String store, String customer, String id, String release, String schemaVersion,
    String createdAt, long sizeBytes) {

  public String describe() {
    return id + " (release " + release + ", " + sizeBytes + " bytes)";
  }
}
