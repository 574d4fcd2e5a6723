package io.stackpilot.activities.database;

import io.stackpilot.activities.database.sql.BoundRows;
import io.stackpilot.activities.database.sql.DelimitedRows;
import io.stackpilot.activities.database.sql.DumpReader;
import io.stackpilot.activities.database.sql.DumpPolicy;
import io.stackpilot.activities.database.sql.LiteralRows;
import io.stackpilot.activities.database.sql.SqlStatement;
import io.stackpilot.activities.database.sql.TableDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The restore engine: loads a dump over several connections at once. Rows go out in batches to the loaders — batches
 * of one table in parallel too, since one large table usually dominates — each batch one transaction, with unique
 * and foreign key checks off, as the restore account. Where the server takes it, a batch goes as tab-separated lines
 * in one {@code LOAD DATA LOCAL} ({@link DelimitedRows}), which the server reads without parsing SQL; a table whose
 * rows turn out long (or every table, where the server refuses {@code LOAD DATA LOCAL}) goes as the parameters of one
 * prepared insert sent in bulk ({@link BoundRows}), which spares the server reading the fields of a line too; a batch
 * that cannot go either way, or that the server warns about, goes as the dump wrote it. A table is created without its
 * secondary indexes and foreign keys; its indexes are added in one {@code ALTER TABLE} once its rows are in, the
 * foreign keys once every table is. A table whose rows fit in one batch keeps its non-unique indexes.
 * Other table changes wait for that table's rows; views, triggers, routines and events are created last, in dump
 * order, on a session that replays the dump's session settings as they were. Statements are held in memory only in
 * flight, within a fixed budget.
 */
final class DumpLoader implements AutoCloseable {

  private static final int BATCH_CHARS = 2 << 20;
  /**
   * Rows of this many characters of dump or more on average go as prepared inserts. 100 MB of one table over 2
   * sessions on 2 cores, prepared inserts against {@code LOAD DATA LOCAL}: rows of about 2 KB and 500 bytes in half
   * the time, of 300 bytes in 0.7 of it, of 190 bytes in 0.85 of it; of 110 bytes as fast.
   */
  private static final int LONG_ROW_CHARS = 200;
  /** The server's refusals of {@code LOAD DATA LOCAL}: the command not allowed, local_infile off. */
  private static final int NOT_ALLOWED = 1148;
  private static final int LOCAL_INFILE_DISABLED = 4166;

  /**
   * A loader's connections and the session settings each runs under now: one for statements as written and prepared
   * inserts, and where the server takes {@code LOAD DATA LOCAL}, one that runs nothing else (a server asking it for a
   * file gets the rows it is sent, never a file of the worker's).
   */
  private static final class Loader {
    final Connection connection;
    final Connection delimited;
    RowSession session;
    RowSession delimitedSession;

    Loader(Connection connection, Connection delimited) {
      this.connection = connection;
      this.delimited = delimited;
    }
  }

  private static final class Table {
    final String name;
    final TableDefinition definition;
    /**
     * How its rows go as text; null when they do not, or no longer once a statement may have changed its columns.
     */
    LiteralRows.Table text;
    /** Its rows are long: known once a batch of them was read. */
    volatile boolean longRows;
    final List<CompletableFuture<Void>> batches = new ArrayList<>();
    CompletableFuture<Void> indexed;

    Table(String name, TableDefinition definition, LiteralRows.Table text) {
      this.name = name;
      this.definition = definition;
      this.text = text;
    }
  }

  private final String url;
  private final Properties credentials;
  private final String database;
  private final RestoreCounters counters;
  private final Map<String, Long> rowChars;
  private final Connection ddl;
  private final BlockingQueue<Loader> idle;
  private final List<Loader> loaders = new ArrayList<>();
  private final ExecutorService pool;
  private final Semaphore budget;
  private final int budgetChars;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final List<SqlStatement> objects = new ArrayList<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  /** The server took {@code LOAD DATA LOCAL} so far (it refuses it when {@code local_infile} is off). */
  private volatile boolean localInfile;

  private boolean sessionChanged = true;
  private boolean hasObjects;
  private RowSession session;
  private String batchTable;
  private List<SqlStatement> batch = new ArrayList<>();
  private int batchChars;
  private Table rowsTable;

  /**
   * @param loaders connections loading rows at once
   * @param memoryBudget characters of statements in flight at most (a character takes two bytes on the heap)
   * @param rowChars characters of row statements per table, as the scan counted them; a table not in it may be large
   */
  DumpLoader(String url, String user, String password, String database, int loaders, long memoryBudget,
      Map<String, Long> rowChars, RestoreCounters counters) {
    this.url = url;
    this.credentials = new Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
    this.database = database;
    this.counters = counters;
    this.rowChars = rowChars;
    this.budgetChars = (int) Math.min(Integer.MAX_VALUE, Math.max(BATCH_CHARS * 2L, memoryBudget));
    this.budget = new Semaphore(budgetChars);
    this.idle = new ArrayBlockingQueue<>(loaders);
    this.pool = Executors.newFixedThreadPool(loaders, task -> {
      Thread thread = new Thread(task, "stackpilot-restore-loader");
      thread.setDaemon(true);
      return thread;
    });
    try {
      this.ddl = connect(true, false, false);
      this.localInfile = localInfileOn(ddl);
      for (int i = 0; i < loaders; i++) {
        Loader loader = new Loader(connect(false, false, true), localInfile ? connect(false, true, false) : null);
        this.loaders.add(loader);
        idle.add(loader);
      }
    } catch (SQLException e) {
      close();
      // Transient: Temporal retries the step (a database still starting, a port not forwarded yet).
      throw new UncheckedIOException(new IOException("connecting the restore to " + database + " failed: "
          + e.getMessage(), e));
    }
  }

  /** Loads the whole dump; returns when every table, index, key and object is in. */
  void load(DumpReader dump) throws IOException {
    for (DumpReader.Checked checked = dump.next(); checked != null; checked = dump.next()) {
      rethrow();
      SqlStatement statement = checked.statement();
      DumpPolicy.Classified what = checked.what();
      switch (what.kind()) {
        case ROWS -> rows(what.table(), statement);
        case SESSION -> {
          flush();
          DumpStatements.execute(ddl, statement);
          sessionChanged = true;
          objects.add(statement);
        }
        case CREATE_TABLE -> createTable(what.table(), statement, dump.session().quotingChanged() == null);
        case TABLE -> {
          flush();
          Table changed = tables.get(what.table());
          settle(changed);
          if (changed != null) {
            changed.text = null;
          }
          DumpStatements.execute(ddl, statement);
        }
        case BARRIER -> {
          flush();
          tables.values().forEach(this::settle);
          if (what.table() == null) {
            // A rename may have swapped tables: what a name's columns are is no longer known.
            tables.values().forEach(t -> t.text = null);
          }
          DumpStatements.execute(ddl, statement);
        }
        case OBJECT -> {
          objects.add(new SqlStatement(checked.text(), statement.line(), false));
          hasObjects = true;
        }
        case SKIP -> { }
      }
    }
    flush();
    tables.values().forEach(this::finishRows);
    awaitRows();
    counters.ended("rows");
    counters.phase.set("adding indexes");
    tables.values().forEach(this::settle);
    counters.ended("indexes after them");
    counters.phase.set("adding foreign keys");
    boolean keys = false;
    for (Table table : tables.values()) {
      if (table.definition.addForeignKeys() != null) {
        DumpStatements.execute(ddl, table.definition.addForeignKeys(), 0);
        keys = true;
      }
    }
    if (keys) {
      counters.ended("foreign keys");
    }
    counters.phase.set("creating views, triggers, routines and events");
    if (hasObjects) {
      createObjects();
      counters.ended("views, triggers, routines and events");
    }
  }

  /** Every batch of rows is in (indexes of the tables loaded first may be building meanwhile). */
  private void awaitRows() {
    try {
      CompletableFuture.allOf(tables.values().stream().flatMap(t -> t.batches.stream())
          .toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      rethrow();
      throw e;
    }
  }

  private void rows(String table, SqlStatement statement) {
    if (batchTable != null && (!batchTable.equals(table) || batchChars >= BATCH_CHARS)) {
      flush();
    }
    if (rowsTable != null && !rowsTable.name.equals(table)) {
      finishRows(rowsTable);
    }
    rowsTable = tables.computeIfAbsent(table, name -> new Table(name, new TableDefinition(null, null, null), null));
    batchTable = table;
    batch.add(statement);
    batchChars += statement.text().length();
  }

  /**
   * {@code split}: the table's text is read under the default quoting rules, so its indexes may be deferred and its
   * column types read (for rows as lines).
   */
  private void createTable(String name, SqlStatement statement, boolean split) {
    flush();
    if (rowsTable != null) {
      finishRows(rowsTable);
      rowsTable = null;
    }
    settle(tables.get(name));
    TableDefinition definition = split ? TableDefinition.split(statement.text(), name, inOneBatch(name))
        : new TableDefinition(statement.text(), null, null);
    DumpStatements.execute(ddl, definition.create(), statement.line());
    tables.put(name, new Table(name, definition, split ? LiteralRows.Table.of(statement.text()) : null));
    counters.tables.incrementAndGet();
  }

  /**
   * The table's rows, as the scan sized them, fit in one batch: one transaction into the empty table, in which the
   * server sorts them into its indexes at commit — building them in an {@code ALTER TABLE} after is one more data
   * definition statement (its own commits and file writes) for nothing. 400 tables of 250 KB, two keys each, over 2
   * loaders: 8.7 s against 9.6 s.
   */
  private boolean inOneBatch(String table) {
    return rowChars.getOrDefault(table, Long.MAX_VALUE) < BATCH_CHARS;
  }

  /** Sends the batch being gathered to the next free loader. */
  private void flush() {
    if (batch.isEmpty()) {
      return;
    }
    List<SqlStatement> sending = batch;
    int chars = batchChars;
    Table table = tables.get(batchTable);
    batch = new ArrayList<>();
    batchChars = 0;
    batchTable = null;
    RowSession under = currentSession();
    // One statement larger than the whole budget still goes, alone.
    int held = Math.min(chars, budgetChars);
    budget.acquireUninterruptibly(held);
    LiteralRows.Table text = under.defaultQuoting() ? table.text : null;
    CompletableFuture<Void> done = onLoader(loader -> {
      if (text != null && (localInfile && !table.longRows ? loadDelimited(loader, table, text, sending, chars, under)
          : loadBound(loader, table.name, text, sending, under))) {
        return;
      }
      runUnder(loader, under);
      counters.rows.addAndGet(DumpStatements.inOneTransaction(loader.connection, sending));
    });
    // Also when the batch never ran (a loader failed before): the dispatcher must not wait for memory forever.
    done.whenComplete((ignored, failed) -> budget.release(held));
    table.batches.add(done);
  }

  /** Sets {@code under} on the loader's connection for statements as written and prepared inserts, when not set yet. */
  private static void runUnder(Loader loader, RowSession under) throws SQLException {
    if (!under.equals(loader.session)) {
      try (Statement set = loader.connection.createStatement()) {
        set.execute(under.apply());
      }
      loader.session = under;
    }
  }

  /** Reads every row of {@code statements} into {@code rows}; false when one of them cannot go as text. */
  private static boolean read(LiteralRows rows, List<SqlStatement> statements) {
    for (SqlStatement statement : statements) {
      if (!rows.add(statement.text())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Loads a batch as tab-separated lines in one {@code LOAD DATA LOCAL}, the server reading fields instead of SQL;
   * false, with nothing of the batch left in, when a value cannot go that way or the server said anything about the
   * rows (a warning, a duplicate skipped, an error): the batch then goes as written, so the server answers it exactly
   * as it answers the dump's statements.
   */
  private boolean loadDelimited(Loader loader, Table table, LiteralRows.Table columns, List<SqlStatement> statements,
      int chars, RowSession under) throws SQLException {
    DelimitedRows rows = new DelimitedRows(columns);
    if (!read(rows, statements)) {
      return false;
    }
    if (rows.rows() > 0 && chars >= LONG_ROW_CHARS * (long) rows.rows()) {
      // Found out before the first batch goes, not after: every batch of a long-rowed table goes the faster way.
      table.longRows = true;
      return loadBound(loader, table.name, columns, statements, under);
    }
    if (!under.equals(loader.delimitedSession)) {
      try (Statement set = sending(loader.delimited, ByteBuffer.allocate(0))) {
        set.execute(under.apply());
      }
      loader.delimitedSession = under;
    }
    try (Statement load = sending(loader.delimited, rows.encoded())) {
      load.executeUpdate(rows.loadStatement(database, table.name, under.characterSet()));
      if (load.getWarnings() != null) {
        loader.delimited.rollback();
        return false;
      }
      loader.delimited.commit();
    } catch (SQLException e) {
      loader.delimited.rollback();
      if (e.getErrorCode() == NOT_ALLOWED || e.getErrorCode() == LOCAL_INFILE_DISABLED) {
        localInfile = false;
      }
      return false;
    }
    counters.rows.addAndGet(rows.rows());
    counters.delimitedRows.addAndGet(rows.rows());
    return true;
  }

  /**
   * Loads a batch as the parameters of one prepared insert, sent in bulk; false, with nothing of the batch left in,
   * when a value cannot go that way or the server said anything about the rows, as {@link #loadDelimited}.
   */
  private boolean loadBound(Loader loader, String table, LiteralRows.Table columns, List<SqlStatement> statements,
      RowSession under) throws SQLException {
    BoundRows rows = new BoundRows(columns);
    if (!read(rows, statements)) {
      return false;
    }
    runUnder(loader, under);
    try (PreparedStatement insert = loader.connection.prepareStatement(rows.insertStatement(database, table))) {
      for (String[] row : rows.values()) {
        for (int v = 0; v < row.length; v++) {
          if (row[v] == null) {
            insert.setNull(v + 1, Types.VARCHAR);
          } else {
            insert.setString(v + 1, row[v]);
          }
        }
        insert.addBatch();
      }
      insert.executeBatch();
      if (insert.getWarnings() != null) {
        loader.connection.rollback();
        return false;
      }
      loader.connection.commit();
    } catch (SQLException e) {
      loader.connection.rollback();
      return false;
    }
    counters.rows.addAndGet(rows.rows());
    counters.boundRows.addAndGet(rows.rows());
    return true;
  }

  /**
   * A statement that answers any request of the server for a file with {@code lines}: the driver then never opens a
   * file of the worker's, whatever file name the server asks for.
   */
  static Statement sending(Connection connection, ByteBuffer lines) throws SQLException {
    Statement statement = connection.createStatement();
    statement.setEscapeProcessing(false);
    statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new ByteArrayInputStream(
        lines.array(), lines.arrayOffset() + lines.position(), lines.remaining()));
    return statement;
  }

  private static boolean localInfileOn(Connection connection) throws SQLException {
    try (Statement query = connection.createStatement();
         ResultSet on = query.executeQuery("SELECT @@local_infile")) {
      return on.next() && on.getInt(1) == 1;
    }
  }

  /** Every row of {@code table} is sent: its indexes are added as soon as they are in. */
  private void finishRows(Table table) {
    if (table.indexed != null) {
      return;
    }
    CompletableFuture<Void> rows = CompletableFuture.allOf(table.batches.toArray(CompletableFuture[]::new));
    String addIndexes = table.definition.addIndexes();
    table.indexed = rows.thenCompose(ignored -> addIndexes == null ? CompletableFuture.completedFuture(null)
        : onLoader(loader -> {
          counters.building.incrementAndGet();
          try (Statement alter = loader.connection.createStatement()) {
            alter.execute(addIndexes);
          } catch (SQLException e) {
            throw new SQLException("adding the indexes of table " + table.name + " failed: " + e.getMessage(), e);
          } finally {
            counters.building.decrementAndGet();
          }
        })).thenRun(counters.tablesDone::incrementAndGet);
  }

  /**
   * Waits until {@code table}'s rows and indexes are in (rows that came after its indexes were added included);
   * nothing to wait for when it is unknown.
   */
  private void settle(Table table) {
    if (table == null) {
      return;
    }
    finishRows(table);
    try {
      table.indexed.join();
      CompletableFuture.allOf(table.batches.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      rethrow();
      throw e;
    }
  }

  private interface LoaderWork {
    void run(Loader loader) throws SQLException;
  }

  private CompletableFuture<Void> onLoader(LoaderWork work) {
    return CompletableFuture.runAsync(() -> {
      if (failure.get() != null) {
        throw failure.get();
      }
      Loader loader = idle.poll();
      try {
        work.run(loader);
      } catch (SQLException e) {
        DatabaseException failed = new DatabaseException(e.getMessage());
        failure.compareAndSet(null, failed);
        throw failed;
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        throw e;
      } finally {
        idle.add(loader);
      }
    }, pool);
  }

  private void rethrow() {
    RuntimeException failed = failure.get();
    if (failed != null) {
      throw failed;
    }
  }

  private RowSession currentSession() {
    if (sessionChanged) {
      session = RowSession.of(ddl);
      sessionChanged = false;
    }
    return session;
  }

  /** Views, triggers, routines and events, in dump order, each under the session settings it was dumped with. */
  private void createObjects() {
    try (Connection replay = connect(true, false, false)) {
      for (SqlStatement statement : objects) {
        DumpStatements.execute(replay, statement);
      }
    } catch (SQLException e) {
      throw new DatabaseException("connecting the restore to " + database + " failed: " + e.getMessage());
    }
  }

  /** {@code bulk}: prepared statements on the server, a batch of them sent as one bulk execution. */
  private Connection connect(boolean autoCommit, boolean localInfile, boolean bulk) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(credentials);
    properties.setProperty("allowLocalInfile", Boolean.toString(localInfile));
    properties.setProperty("useServerPrepStmts", Boolean.toString(bulk));
    properties.setProperty("useBulkStmts", Boolean.toString(bulk));
    Connection connection = DriverManager.getConnection(url, properties);
    try (Statement setup = connection.createStatement()) {
      setup.execute("SET foreign_key_checks = 0, unique_checks = 0");
    }
    connection.setAutoCommit(autoCommit);
    return connection;
  }

  /** Ends every session of the restore at once, also in the middle of its statements. */
  @Override
  public void close() {
    pool.shutdownNow();
    List<Connection> all = new ArrayList<>();
    loaders.forEach(l -> {
      all.add(l.connection);
      if (l.delimited != null) {
        all.add(l.delimited);
      }
    });
    if (ddl != null) {
      all.add(ddl);
    }
    for (Connection connection : all) {
      try {
        connection.abort(Runnable::run);
      } catch (SQLException ignored) {
        // the session is gone already
      }
    }
  }
}
