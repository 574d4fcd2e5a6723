package io.stackpilot.workflows.activities;

/**
 * A complete backup in a backup store (its manifest exists): where it is, which release and Flyway schema
 * version it holds, when it was taken. Large data never travels through Temporal: only this reference.
 * {@code binlog}: where its dump stands in the archived binary log (null: the log was not archived);
 * {@code recovery}: the segments a restore replays after it (null: none, the restore ends at the backup).
 */
public record BackupRef(String store, String customer, String id, String release, String schemaVersion,
    String createdAt, long sizeBytes, BinlogPosition binlog, Recovery recovery) {

  public BackupRef(String store, String customer, String id, String release, String schemaVersion, String createdAt,
      long sizeBytes) {
    this(store, customer, id, release, schemaVersion, createdAt, sizeBytes, null, null);
  }

  public BackupRef withRecovery(Recovery planned) {
    return new BackupRef(store, customer, id, release, schemaVersion, createdAt, sizeBytes, binlog, planned);
  }

  public String describe() {
    return id + " (release " + release + ", " + sizeBytes + " bytes)" + (recovery == null || recovery.segments().isEmpty()
        ? "" : " and " + recovery.segments().size() + " binary log segments to " + recovery.recoversTo());
  }
}
