package io.stackpilot.activities.database;

import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.SegmentArchive;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary log of a stack's database server, as the host agent reads it inside the container: whether it is on,
 * its files, the current position, closing the current file, a file's bytes, and the lineage the log belongs to — a
 * random id kept in the data directory, so that a data volume that starts empty starts a new lineage.
 */
final class ServerLog {

  static final String LINEAGE_FILE = "stackpilot-binlog-lineage";
  private static final Duration COPY_TIMEOUT = Duration.ofHours(1);

  /** A file of the log and its size; the last one listed is the one the server writes to. */
  record LogFile(String name, long size) {}

  /** Where the server writes now. */
  record Position(String file, long position) {}

  /** What the server writes at the start of every file, and at its end when it closes it. */
  private static final java.util.Set<String> HEADER_EVENTS = java.util.Set.of("Format_desc", "Gtid_list",
      "Binlog_checkpoint", "Rotate", "Start_encryption");

  private final MariaDbShell shell;
  private final ContainerExec exec;
  private final String container;
  private String directory;

  ServerLog(MariaDbShell shell, ContainerExec exec, String container) {
    this.shell = shell;
    this.exec = exec;
    this.container = container;
  }

  boolean enabled() {
    return shell.query("SELECT @@global.log_bin").get(0).strip().equals("1");
  }

  List<LogFile> files() {
    List<LogFile> files = new ArrayList<>();
    for (String row : shell.query("SHOW BINARY LOGS")) {
      String[] columns = row.split("\t");
      files.add(new LogFile(columns[0], Long.parseLong(columns[1].strip())));
    }
    return files;
  }

  Position current() {
    String[] columns = shell.query("SHOW MASTER STATUS").get(0).split("\t");
    return new Position(columns[0], Long.parseLong(columns[1].strip()));
  }

  /** Whether {@code file} holds more than the header every file begins with: a transaction, or anything else. */
  boolean holdsEvents(String file) {
    SegmentArchive.sequence(file);
    for (String row : shell.query("SHOW BINLOG EVENTS IN '" + file + "' LIMIT 16")) {
      String[] columns = row.split("\t");
      if (columns.length > 2 && !HEADER_EVENTS.contains(columns[2].strip())) {
        return true;
      }
    }
    return false;
  }

  /** Closes the current file: the server goes on in the next one. */
  void flush() {
    shell.query("FLUSH BINARY LOGS");
  }

  /** The lineage of this server's log, made on first use. */
  String lineage() {
    return run("f=\"$1/" + LINEAGE_FILE + "\"; [ -s \"$f\" ] || cat /proc/sys/kernel/random/uuid > \"$f\"; cat \"$f\"")
        .strip();
  }

  /**
   * Starts a new lineage: the data no longer continues the archived log (it was replaced by a rollback, or the
   * server's numbering began again), so what follows needs a full backup to start from.
   */
  String newLineage() {
    return run("cat /proc/sys/kernel/random/uuid > \"$1/" + LINEAGE_FILE + "\"; cat \"$1/" + LINEAGE_FILE + "\"").strip();
  }

  /** Streams a closed file of the log. */
  void copy(String file, OutputStream out) {
    io.stackpilot.activities.store.SegmentArchive.sequence(file);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome = exec.run(container, List.of("cat", directory() + "/" + file), List.of(), null, out,
        err, COPY_TIMEOUT);
    if (!outcome.succeeded()) {
      throw new DatabaseException("reading " + file + " of the binary log in " + container + " failed: "
          + err.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private String run(String script) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome = exec.run(container, List.of("sh", "-c", script, "sh", dataDirectory()), List.of(),
        null, out, err, Duration.ofMinutes(1));
    if (!outcome.succeeded()) {
      throw new DatabaseException("reading the binary log's lineage in " + container + " failed: "
          + err.toString(StandardCharsets.UTF_8).strip());
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private String dataDirectory() {
    String dir = shell.query("SELECT @@global.datadir").get(0).strip();
    return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  /** Where the log's files are: beside its base name. */
  private String directory() {
    if (directory == null) {
      String base = shell.query("SELECT @@global.log_bin_basename").get(0).strip();
      directory = base.substring(0, base.lastIndexOf('/'));
    }
    return directory;
  }
}
