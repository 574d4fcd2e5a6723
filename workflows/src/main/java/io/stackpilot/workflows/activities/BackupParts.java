package io.stackpilot.workflows.activities;

import java.util.List;
import java.util.Map;

/**
 * The parts a host uploaded for a new backup, before its manifest exists, and the images (service to
 * reference@digest) that ran when it was taken. {@code kind}: why it was taken (nightly, manual, safety, final), as
 * the manifest will say; null until the workflow names it. {@code tables}: the fingerprints the manifest records; null
 * until the parts are verified. {@code binlog}: where the dump stands in the binary log; null when it is not archived.
 * {@code dumped}: how the database was dumped (over how many sessions, or by mariadb-dump and why), for the step's
 * note; null from hosts that do not say.
 */
public record BackupParts(String store, String customer, String id, String release, String schemaVersion,
    String commit, String host, List<Part> parts, Map<String, String> images, String kind,
    Map<String, TableFingerprint> tables, BinlogPosition binlog, String dumped) {

  public BackupParts(String store, String customer, String id, String release, String schemaVersion, String commit,
      String host, List<Part> parts, Map<String, String> images) {
    this(store, customer, id, release, schemaVersion, commit, host, parts, images, null, null, null, null);
  }

  public BackupParts withKind(String changed) {
    return new BackupParts(store, customer, id, release, schemaVersion, commit, host, parts, images, changed, tables,
        binlog, dumped);
  }

  /** {@code position}: where the dump stands in the archived binary log. */
  public BackupParts withBinlog(BinlogPosition position) {
    return new BackupParts(store, customer, id, release, schemaVersion, commit, host, parts, images, kind, tables,
        position, dumped);
  }

  /** {@code fingerprints}: each table's rows and checksum, read from the dump while its parts were verified. */
  public BackupParts withTables(Map<String, TableFingerprint> fingerprints) {
    return new BackupParts(store, customer, id, release, schemaVersion, commit, host, parts, images, kind, fingerprints,
        binlog, dumped);
  }

  /** {@code how}: how the database was dumped. */
  public BackupParts withDumped(String how) {
    return new BackupParts(store, customer, id, release, schemaVersion, commit, host, parts, images, kind, tables,
        binlog, how);
  }

  /** One uploaded part with the digest computed while it streamed. */
  public record Part(String name, String sha256, long size) {}
}
