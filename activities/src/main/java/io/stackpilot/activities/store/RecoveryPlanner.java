package io.stackpilot.activities.store;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.workflows.activities.BinlogPosition;
import io.stackpilot.workflows.activities.Recovery;
import io.stackpilot.workflows.activities.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses what a recovery to a point restores: the newest complete backup taken at or before the point (or the one
 * named), and the archived segments of its binary log from the file its dump stands in, one after the other, as far as
 * they reach without a hole, and no further than the point needs.
 */
public final class RecoveryPlanner {

  /** A backup to start from, with the segments to replay after it (null when its log was not archived). */
  public record Plan(BackupManifest backup, Recovery recovery) {}

  private final BackupStore store;
  private final SegmentArchive archive;

  public RecoveryPlanner(BackupStore store) {
    this.store = store;
    this.archive = new SegmentArchive(store);
  }

  /** {@code backupId}: null for the newest at or before {@code until}; {@code until}: null for the newest point. */
  public Plan plan(String customer, String backupId, Instant until, String location) {
    List<BackupManifest> complete = store.completeBackups(customer);
    Optional<BackupManifest> chosen = backupId != null
        ? complete.stream().filter(m -> m.backupId().equals(backupId)).findFirst()
        : complete.stream().filter(m -> until == null || !m.createdInstant().isAfter(until)).findFirst();
    BackupManifest backup = chosen.orElseThrow(() -> new InvalidConfigurationException(backupId != null
        ? "backup " + backupId + " of " + customer + " is not a complete backup in " + location + " ("
            + BackupCatalog.describe(complete, 5) + ")"
        : "no complete backup of " + customer + " in " + location + " was taken at or before " + until + " ("
            + BackupCatalog.describe(complete, 5) + ")"));
    if (until != null && backup.createdInstant().isAfter(until)) {
      throw new InvalidConfigurationException("backup " + backup.backupId() + " was taken at " + backup.createdAt()
          + ", after " + until + ": a recovery to " + until + " starts from a backup taken before it");
    }
    BinlogPosition start = backup.binlog();
    if (start == null) {
      return new Plan(backup, null);
    }
    List<SegmentManifest> archived = archive.segments(customer, start.lineage());
    List<SegmentManifest> unbroken = SegmentArchive.chain(archived, start.file());
    List<Segment> chain = new ArrayList<>();
    for (SegmentManifest segment : unbroken) {
      chain.add(segment.segment());
      if (until != null && segment.lastEventAt() != null && !Instant.parse(segment.lastEventAt()).isBefore(until)) {
        break;
      }
    }
    String expected = unbroken.isEmpty() ? start.file() : SegmentArchive.next(unbroken.get(unbroken.size() - 1).file());
    String note = archived.stream().anyMatch(s -> s.sequence() > SegmentArchive.sequence(expected))
        && chain.size() == unbroken.size() ? expected + " is not archived: the chain ends before it (later files are "
        + "of no use without it)" : null;
    if (chain.isEmpty()) {
      return new Plan(backup, new Recovery(until == null ? null : until.toString(), List.of(), backup.createdAt(),
          note != null ? note : "no segment after backup " + backup.backupId() + " is archived yet (it starts at "
              + start + "): the recovery ends at the backup"));
    }
    // A segment closed without a transaction has no event time: the recovery reaches the newest one that has one.
    String reached = chain.stream().map(Segment::lastEventAt).filter(java.util.Objects::nonNull)
        .reduce((earlier, later) -> later).orElse(null);
    String recoversTo = reached == null ? backup.createdAt()
        : until != null && Instant.parse(reached).isAfter(until) ? until.toString() : reached;
    if (note == null && until != null && (reached == null || Instant.parse(reached).isBefore(until))) {
      note = "the archive reaches " + reached + ", before " + until + ": the recovery ends there";
    }
    return new Plan(backup, new Recovery(until == null ? null : until.toString(), chain, recoversTo, note));
  }
}
