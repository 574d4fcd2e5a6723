package io.stackpilot.activities.store;

import io.stackpilot.activities.database.sql.TableFingerprints;
import io.stackpilot.workflows.activities.TableFingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a backup's compressed dump for its table fingerprints while the part is verified. A dump that cannot be read
 * as SQL text leaves the fingerprints unrecorded rather than failing the backup: the digest decides whether the part
 * is good, and the restore decides whether its SQL may run.
 */
final class DumpFingerprinting {

  private static final Logger LOG = LoggerFactory.getLogger(DumpFingerprinting.class);

  private Map<String, TableFingerprint> tables;

  /**
   * Reads {@code part} (compressed) for its fingerprints: the part is read, digested by the verifier and decompressed
   * on a thread of its own while this one lexes the text ({@link ReadAhead}). Returns only once that thread has stopped
   * reading {@code part}: the verifier digests the rest after.
   */
  void read(InputStream part) {
    try (ReadAhead text = ReadAhead.decompressing(part)) {
      tables = TableFingerprints.of(text, "");
    } catch (IOException | RuntimeException unreadable) {
      LOG.warn("the dump's table fingerprints are not recorded: {}", unreadable.getMessage());
      tables = null;
    }
  }

  Map<String, TableFingerprint> tables() {
    return tables;
  }
}
