package io.stackpilot.workflows.api;

import java.util.List;

/** Every part of backup {@code backupId} read back and checked against its manifest; intact when all are ok. */
public record BackupVerification(String backupId, List<PartCheck> parts) {

  public BackupVerification {
    parts = parts == null ? List.of() : List.copyOf(parts);
  }

  public boolean intact() {
    return parts.stream().allMatch(PartCheck::ok);
  }
}
