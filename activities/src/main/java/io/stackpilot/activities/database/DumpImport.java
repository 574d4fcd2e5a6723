package io.stackpilot.activities.database;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.database.sql.DumpLexer;
import io.stackpilot.activities.database.sql.DumpSession;
import io.stackpilot.activities.database.sql.ForbiddenStatementException;
import io.stackpilot.activities.files.CompressedFile;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.ProducedStream;
import io.stackpilot.activities.store.Progress;
import io.stackpilot.model.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The SQL dump of an installation Stackpilot did not create (mariadb-dump or mysqldump; plain, .gz or .zst), read
 * on the host: checked whole first — SQL text, of the release's database alone — then streamed into a backup part.
 */
public final class DumpImport {

  /**
   * The server version conditional comments are judged against while checking: MariaDB 10.11, the oldest the releases
   * run. The restore judges them again against the server it loads into.
   */
  static final int CHECK_VERSION = 101100;
  private static final int SNIFF = 1 << 16;

  private final Path dump;

  public DumpImport(Path dump) {
    this.dump = dump;
  }

  /** Reads the whole dump before anything is written; refuses what is not a dump of {@code database} alone. */
  public long check(String database, Consumer<String> progress) {
    if (!Files.isRegularFile(dump)) {
      throw new InvalidConfigurationException("db: " + dump + " is not a file on this host");
    }
    try (InputStream in = CompressedFile.open(dump)) {
      in.mark(SNIFF);
      byte[] head = in.readNBytes(SNIFF);
      in.reset();
      for (byte b : head) {
        if (b == 0) {
          throw new InvalidConfigurationException("db: " + dump + " is not SQL text (it holds NUL bytes): give the "
              + "output of mariadb-dump or mysqldump, plain, .gz or .zst");
        }
      }
      DumpScan.Verdict verdict = DumpScan.scan(new Progress(in, "check " + dump.getFileName(), Progress.UNKNOWN,
          progress), database, new DumpScan.Server(CHECK_VERSION, DumpSession.SERVER_DEFAULT, DumpLexer.memoryLimit()));
      if (verdict.declines() != null && verdict.quotingChanged() != null) {
        throw new ForbiddenStatementException("db: " + dump + " can only be loaded by the mariadb client ("
            + verdict.declines() + "), which reads quotes differently from the server under its "
            + verdict.quotingChanged() + ": dump it again in UTF-8 (--default-character-set=utf8mb4)");
      }
      long statements = verdict.statements();
      if (statements == 0) {
        throw new InvalidConfigurationException("db: " + dump + " holds no SQL statement");
      }
      return statements;
    } catch (IOException e) {
      throw new InvalidConfigurationException("db: " + dump + " cannot be read as a dump: " + e.getMessage());
    }
  }

  /** Streams the dump, recompressed with zstd, into part db.sql.zst of backup {@code backupId}. */
  public BackupManifest.Part write(BackupStore store, String customer, String backupId, Consumer<String> progress) {
    return ProducedStream.intoPart(store, customer, backupId, DatabaseRestore.PART,
        "import " + DatabaseRestore.PART + " into " + backupId, progress, sink -> {
          try (InputStream in = CompressedFile.open(dump); OutputStream zstd = new ZstdOutputStream(sink, 3)) {
            in.transferTo(zstd);
          }
          return null;
        });
  }

}
