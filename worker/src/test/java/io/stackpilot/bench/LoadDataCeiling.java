package io.stackpilot.bench;

import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.database.sql.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * The server's own limit for a database's rows, as a reference line for the restore: {@code LOAD DATA INFILE} of the
 * same rows from files already in the database container (no parsing of SQL, no client), tables created without their
 * secondary indexes, which are built afterwards, then the foreign keys — over as many sessions as the restore it is
 * compared with, large tables in key ranges. A table loaded from one file keeps its non-unique indexes, which the
 * server then builds at that one transaction's commit, as the restore engine does with a table of one batch.
 */
final class LoadDataCeiling {

  private static final String FILES = "/tmp/stackpilot-ceiling";
  /** A table of fewer rows is one file. */
  private static final long SPLIT_ROWS = 100_000;

  private record Chunk(String table, String file, long rows) {}

  private record Table(String name, TableDefinition definition, long rows) {}

  private final MariaDbShell db;
  private final String container;
  private final Path scripts;
  private final int sessions;
  private final Map<String, String> env;
  private final List<Table> tables = new ArrayList<>();
  private final List<Chunk> chunks = new ArrayList<>();

  /**
   * Writes every table of the loaded database {@code demo} into files inside {@code container} (not timed).
   *
   * @param creates each table's CREATE TABLE statement, in dump order
   */
  LoadDataCeiling(MariaDbShell db, String container, Map<String, String> creates, int sessions, Path scripts,
      Map<String, String> env) {
    this.db = db;
    this.container = container;
    this.sessions = sessions;
    this.scripts = scripts;
    this.env = env;
    Shell.run("docker exec " + container + " sh -c 'rm -rf " + FILES + " && mkdir " + FILES + " && chown mysql "
        + FILES + "'", Map.of());
    creates.forEach((name, create) -> {
      String[] range = db.query("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0), COUNT(*) FROM demo.`" + name + "`")
          .get(0).strip().split("\t");
      long low = Long.parseLong(range[0]);
      long high = Long.parseLong(range[1]);
      long rows = Long.parseLong(range[2]);
      tables.add(new Table(name, TableDefinition.split(create, name, rows < SPLIT_ROWS), rows));
      int parts = rows < SPLIT_ROWS ? 1 : sessions;
      long step = (high - low) / parts + 1;
      for (int p = 0; p < parts; p++) {
        String file = FILES + "/" + name + "-" + p + ".tsv";
        db.query("SELECT * FROM demo.`" + name + "` WHERE id BETWEEN " + (low + p * step) + " AND "
            + (low + (p + 1) * step - 1) + " INTO OUTFILE '" + file + "'");
        chunks.add(new Chunk(name, file, rows / parts));
      }
    });
  }

  /** Seconds to load every row and build every index and key into an empty {@code demo}. */
  double load() {
    db.query("DROP DATABASE IF EXISTS demo; CREATE DATABASE demo");
    return Shell.timed(() -> {
      List<String> creating = new ArrayList<>();
      tables.forEach(t -> creating.add(t.definition().create()));
      inSessions(List.of(creating));
      List<List<String>> loading = spread(chunks.stream().sorted(Comparator.comparingLong(Chunk::rows).reversed())
          .map(c -> new Work("LOAD DATA INFILE '" + c.file() + "' INTO TABLE `" + c.table() + "`", c.rows())).toList());
      inSessions(loading);
      inSessions(spread(tables.stream().filter(t -> t.definition().addIndexes() != null)
          .sorted(Comparator.comparingLong(Table::rows).reversed())
          .map(t -> new Work(t.definition().addIndexes(), t.rows())).toList()));
      List<String> keys = new ArrayList<>();
      tables.stream().filter(t -> t.definition().addForeignKeys() != null)
          .forEach(t -> keys.add(t.definition().addForeignKeys()));
      if (!keys.isEmpty()) {
        inSessions(List.of(keys));
      }
    });
  }

  private record Work(String sql, long rows) {}

  /** The statements over the sessions, each next one to the session with the fewest rows so far. */
  private List<List<String>> spread(List<Work> work) {
    List<List<String>> out = new ArrayList<>();
    long[] rows = new long[sessions];
    for (int i = 0; i < sessions; i++) {
      out.add(new ArrayList<>());
    }
    for (Work w : work) {
      int least = 0;
      for (int i = 1; i < sessions; i++) {
        least = rows[i] < rows[least] ? i : least;
      }
      out.get(least).add(w.sql());
      rows[least] += Math.max(1, w.rows());
    }
    out.removeIf(List::isEmpty);
    return out;
  }

  /** Each list of statements in a mariadb session of its own, all at once; returns when all are done. */
  private void inSessions(List<List<String>> statements) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, statements.size()));
    try {
      List<Future<String>> running = new ArrayList<>();
      for (int i = 0; i < statements.size(); i++) {
        Path script = scripts.resolve("ceiling-" + i + ".sql");
        Files.writeString(script, "SET foreign_key_checks = 0, unique_checks = 0;\n"
            + String.join(";\n", statements.get(i)) + ";\n");
        running.add(pool.submit(() -> Shell.run("docker exec -i -e MYSQL_PWD " + container + " mariadb -uroot demo < "
            + script, env)));
      }
      for (Future<String> session : running) {
        session.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a LOAD DATA session failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
