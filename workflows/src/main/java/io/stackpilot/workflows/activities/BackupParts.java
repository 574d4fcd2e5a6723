package io.stackpilot.workflows.activities;

import java.util.List;

/** The parts a host uploaded for a new backup, before its manifest exists. */
public record BackupParts(String store, String customer, String id, String release, String schemaVersion,
    String commit, String host, List<Part> parts) {

  /** One uploaded part with the digest computed while it streamed. */
  public record Part(String name, String sha256, long size) {}
}
