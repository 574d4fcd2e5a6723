package io.stackpilot.activities.store;

import com.github.luben.zstd.ZstdInputStream;
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

  void read(InputStream part) {
    try {
      tables = TableFingerprints.of(new ZstdInputStream(part), "");
    } catch (IOException | RuntimeException unreadable) {
      LOG.warn("the dump's table fingerprints are not recorded: {}", unreadable.getMessage());
      tables = null;
    }
  }

  Map<String, TableFingerprint> tables() {
    return tables;
  }
}
