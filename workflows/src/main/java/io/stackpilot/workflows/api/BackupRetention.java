package io.stackpilot.workflows.api;

import java.util.List;

/** One complete backup as pruning sees it: kept, with every reason, or to be deleted (no reason). */
public record BackupRetention(String id, String createdAt, String release, long size, List<String> keptBecause) {

  public BackupRetention {
    keptBecause = keptBecause == null ? List.of() : List.copyOf(keptBecause);
  }

  public boolean kept() {
    return !keptBecause.isEmpty();
  }
}
