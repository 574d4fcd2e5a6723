package io.stackpilot.activities.store;

import io.stackpilot.model.InvalidConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archived binary log of a customer in its backup store, write-once like its backups: under
 * {@code <customer>/binlog-<lineage>/} each file of the log as a part named like the file ({@code binlog.000012}) and
 * its {@link SegmentManifest} beside it ({@code binlog.000012.json}), written last. A lineage is one server's log: a
 * data volume that starts empty (a new host after a disaster) starts a new one, and its file numbers begin again.
 */
public final class SegmentArchive {

  private static final Logger log = LoggerFactory.getLogger(SegmentArchive.class);
  private static final String PREFIX = "binlog-";
  private static final String MANIFEST = ".json";
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.([0-9]{6,9})");
  private static final Pattern LINEAGE = Pattern.compile("[a-f0-9-]{8,64}");

  private final BackupStore store;

  public SegmentArchive(BackupStore store) {
    this.store = store;
  }

  /** Whether a backup id is the archive of a lineage, which is not a backup. */
  static boolean holdsSegments(String backupId) {
    return backupId.startsWith(PREFIX);
  }

  /** The lineages archived for {@code customer}; an id that does not name one is not listed. */
  public List<String> lineages(String customer) {
    List<String> lineages = new ArrayList<>();
    for (String id : store.segmentArchiveIds(customer)) {
      String lineage = id.substring(PREFIX.length());
      if (LINEAGE.matcher(lineage).matches()) {
        lineages.add(lineage);
      }
    }
    return lineages;
  }

  /**
   * The log files of {@code lineage} stored without a manifest beside them: a segment being written, or one whose
   * deletion was interrupted after its manifest went.
   */
  public List<String> unlisted(String customer, String lineage) {
    String id = id(lineage);
    List<String> names = store.partNames(customer, id);
    return names.stream().filter(n -> FILE.matcher(n).matches() && !names.contains(n + MANIFEST)).sorted().toList();
  }

  /**
   * Deletes a segment: its manifest first, so that an interrupted deletion leaves a file no listing shows, which
   * {@link #unlisted} finds; then the file.
   *
   * @return the bytes deleted
   */
  public long delete(String customer, String lineage, String file) {
    sequence(file);
    String id = id(lineage);
    long bytes = store.deletePart(customer, id, file + MANIFEST);
    return bytes + store.deletePart(customer, id, file);
  }

  /** The number of a log file: 12 for binlog.000012; a name that is not a log file's is refused. */
  public static long sequence(String file) {
    Matcher m = FILE.matcher(file == null ? "" : file);
    if (!m.matches()) {
      throw new InvalidConfigurationException("'" + file + "' is not the name of a binary log file");
    }
    return Long.parseLong(m.group(1));
  }

  /** The file after {@code file}: binlog.000013 after binlog.000012. */
  public static String next(String file) {
    long sequence = sequence(file);
    String digits = file.substring(file.lastIndexOf('.') + 1);
    return file.substring(0, file.lastIndexOf('.') + 1) + String.format("%0" + digits.length() + "d", sequence + 1);
  }

  private static String id(String lineage) {
    if (lineage == null || !LINEAGE.matcher(lineage).matches()) {
      throw new InvalidConfigurationException("'" + lineage + "' is not a binary log lineage");
    }
    return PREFIX + lineage;
  }

  /** The archived segments of {@code lineage}, in file order; a manifest that does not parse makes no segment. */
  public List<SegmentManifest> segments(String customer, String lineage) {
    String id = id(lineage);
    List<SegmentManifest> segments = new ArrayList<>();
    for (String name : store.partNames(customer, id)) {
      if (!name.endsWith(MANIFEST)) {
        continue;
      }
      try (InputStream in = store.openPart(customer, id, name)) {
        SegmentManifest manifest = SegmentManifest.parse(in.readAllBytes());
        if (manifest.file().equals(name.substring(0, name.length() - MANIFEST.length()))
            && manifest.lineage().equals(lineage)) {
          segments.add(manifest);
        } else {
          log.warn("ignoring segment manifest {} of {}: it names another file or lineage", name, id);
        }
      } catch (IOException | RuntimeException e) {
        log.warn("ignoring segment manifest {} of {}: {}", name, id, e.getMessage());
      }
    }
    segments.sort(Comparator.comparingLong(SegmentManifest::sequence));
    return segments;
  }

  /** The segments of {@code segments} (one lineage, in file order) that follow on from {@code first} without a hole. */
  public static List<SegmentManifest> chain(List<SegmentManifest> segments, String first) {
    List<SegmentManifest> chain = new ArrayList<>();
    String expected = first;
    for (SegmentManifest segment : segments) {
      if (segment.sequence() < sequence(first)) {
        continue;
      }
      if (!segment.file().equals(expected)) {
        break;
      }
      chain.add(segment);
      expected = next(segment.file());
    }
    return chain;
  }

  /** Reads a segment back: its size and SHA-256 against its manifest. */
  public io.stackpilot.workflows.api.PartCheck check(String customer, SegmentManifest segment) {
    try (InputStream in = open(customer, segment.lineage(), segment.file()); Sha256 sha = new Sha256(in)) {
      sha.transferTo(OutputStream.nullOutputStream());
      String outcome = sha.count() < segment.size() ? BackupVerifier.TRUNCATED : sha.count() > segment.size()
          ? BackupVerifier.LONGER : sha.hex().equals(segment.sha256()) ? io.stackpilot.workflows.api.PartCheck.OK
          : BackupVerifier.ALTERED;
      return new io.stackpilot.workflows.api.PartCheck(segment.file(), segment.size(), sha.count(), segment.sha256(),
          sha.hex(), outcome);
    } catch (MissingPartException e) {
      return new io.stackpilot.workflows.api.PartCheck(segment.file(), segment.size(), 0, segment.sha256(), null,
          BackupVerifier.MISSING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InputStream open(String customer, String lineage, String file) {
    sequence(file);
    return store.openPart(customer, id(lineage), file);
  }

  /**
   * Archives a file: its bytes, then its manifest. A retry after an attempt that stored the bytes and died finds them
   * there and checks them against what it would have written; bytes that differ are refused, never replaced.
   */
  public SegmentManifest write(String customer, InputStream data, SegmentManifest manifest) {
    String id = id(manifest.lineage());
    sequence(manifest.file());
    try {
      BackupManifest.Part part;
      try {
        part = store.writePart(customer, id, manifest.file(), data);
      } catch (AlreadyExistsException earlier) {
        try (Sha256 stored = new Sha256(store.openPart(customer, id, manifest.file()))) {
          stored.transferTo(OutputStream.nullOutputStream());
          part = new BackupManifest.Part(manifest.file(), stored.hex(), stored.count());
        }
      }
      if (!part.sha256().equals(manifest.sha256()) || part.size() != manifest.size()) {
        throw new TamperedBackupException(id, manifest.file(), "in the store (SHA-256 " + part.sha256() + ", "
            + part.size() + " bytes) is not the file archived now (SHA-256 " + manifest.sha256() + ", " + manifest.size()
            + " bytes)");
      }
      try {
        store.writePart(customer, id, manifest.file() + MANIFEST, new ByteArrayInputStream(manifest.toJson()));
      } catch (AlreadyExistsException earlier) {
        // written by an attempt that died before it could say so; its content is read back by segments()
      }
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
