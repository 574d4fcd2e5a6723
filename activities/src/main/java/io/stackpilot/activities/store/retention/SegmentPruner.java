package io.stackpilot.activities.store.retention;

import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.SegmentArchive;
import io.stackpilot.activities.store.SegmentManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the archived binary log no remaining backup can replay, as Percona's operator expires binlogs with the
 * backups before them: in a lineage, the files before the oldest remaining backup's position; a lineage without a
 * remaining backup, once all of it lies before the oldest remaining backup of any lineage (a newer lineage took over
 * after a gap or a new host). A lineage that may still be followed by a backup being written, or whose segments
 * are newer than some remaining backup, is left alone. Oldest file first, each manifest before its file.
 */
final class SegmentPruner {

  private static final Logger log = LoggerFactory.getLogger(SegmentPruner.class);

  /** What went: {@code lineage/file} of each segment, the bytes, and what the store refused. */
  record Pruned(List<String> segments, long bytes, List<String> refused) {}

  private final SegmentArchive archive;

  SegmentPruner(SegmentArchive archive) {
    this.archive = archive;
  }

  /**
   * @param remaining the complete backups that stay (kept, or refused by the store)
   * @param openLineage the lineage the newest backup continues: never emptied
   */
  Pruned prune(String customer, Collection<BackupManifest> remaining, String openLineage, boolean dryRun,
      Consumer<String> progress) {
    Instant oldestRemaining = remaining.stream().map(BackupManifest::createdInstant).min(Instant::compareTo).orElse(null);
    List<String> deleted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    long bytes = 0;
    for (String lineage : archive.lineages(customer)) {
      List<SegmentManifest> segments = archive.segments(customer, lineage);
      OptionalLong from = remaining.stream().filter(m -> m.binlog() != null && lineage.equals(m.binlog().lineage()))
          .mapToLong(m -> SegmentArchive.sequence(m.binlog().file())).min();
      long before;
      if (from.isPresent()) {
        before = from.getAsLong();
      } else if (!lineage.equals(openLineage) && oldestRemaining != null && !segments.isEmpty()
          && segments.stream().allMatch(s -> endsBefore(s, oldestRemaining))) {
        before = Long.MAX_VALUE;
      } else {
        continue;
      }
      List<String> files = new ArrayList<>();
      segments.stream().filter(s -> s.sequence() < before).forEach(s -> files.add(s.file()));
      archive.unlisted(customer, lineage).stream()
          .filter(f -> SegmentArchive.sequence(f) < Math.min(before, firstListed(segments))).forEach(files::add);
      files.sort(java.util.Comparator.comparingLong(SegmentArchive::sequence));
      for (String file : files) {
        String name = lineage + "/" + file;
        if (dryRun) {
          deleted.add(name);
          bytes += segments.stream().filter(s -> s.file().equals(file)).mapToLong(SegmentManifest::size).sum();
          continue;
        }
        progress.accept("delete binary log segment " + name);
        try {
          bytes += archive.delete(customer, lineage, file);
          deleted.add(name);
        } catch (RuntimeException e) {
          refused.add(name + ": " + e.getMessage());
          log.warn("the store refused to delete binary log segment {} of {}: {}", name, customer, e.toString());
          break;
        }
      }
    }
    return new Pruned(deleted, bytes, refused);
  }

  /** A file without a manifest at or after the first listed one may be one being written: only older ones go. */
  private static long firstListed(List<SegmentManifest> segments) {
    return segments.isEmpty() ? Long.MAX_VALUE : segments.get(0).sequence();
  }

  private static boolean endsBefore(SegmentManifest segment, Instant instant) {
    String at = segment.lastEventAt() != null ? segment.lastEventAt() : segment.archivedAt();
    return at != null && Instant.parse(at).isBefore(instant);
  }
}
