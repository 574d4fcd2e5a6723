package io.stackpilot.activities.database;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A consistent dump read by several sessions at once that ends as the very text mariadb-dump writes: the schema,
 * triggers, views, routines and events come from mariadb-dump itself ({@code --no-data}); the rows of every table are
 * read by sessions sharing one snapshot ({@link SharedSnapshot}), large tables in ranges of their integer key, written
 * as mariadb-dump writes them ({@link InsertWriter}) and compressed side by side, one zstd frame per piece, in the
 * order mariadb-dump would have written them ({@link SchemaSplice}, {@link OrderedFrames}). The part has the same
 * digests and fingerprints as one mariadb-dump would give, so every restore path reads it as before.
 *
 * <p>{@link #prepare} decides before anything is written: a database the plan refuses, a server without the backup
 * lock, a schema that changed under the skeleton leave the dump to mariadb-dump, with the reason.
 */
final class ParallelDump implements AutoCloseable {

  /** A key range's bytes by the catalog's estimate: small, so that a range waiting its turn stays in memory. */
  static final long RANGE_BYTES = 24L << 20;
  /** Compressed bytes a piece keeps before its turn; beyond, its session waits. */
  private static final int PIECE_BUFFER = 8 << 20;
  private static final int MAX_RANGES = 4096;
  private static final int FETCH_ROWS = 4096;
  /**
   * A session waiting its turn is not reading its socket, so no read waits long while the server is well: a read
   * silent this long means the server hangs, and the dump fails rather than holding its threads forever.
   */
  private static final long SOCKET_TIMEOUT_MILLIS = 10 * 60_000L;

  /** A table's rows, or one key range of them. */
  private record Unit(DumpTable table, String where) {}

  /** A stretch of text, or the rows of a unit. */
  private record Segment(String text, int unit) {}

  /** Prepared to write, or the reason it cannot. */
  record Prepared(ParallelDump dump, String refusal) {}

  private final SharedSnapshot snapshot;
  private final List<Unit> units;
  private final List<Segment> segments;
  private final AtomicLong written = new AtomicLong();

  private ParallelDump(SharedSnapshot snapshot, List<Unit> units, List<Segment> segments) {
    this.snapshot = snapshot;
    this.units = units;
    this.segments = segments;
  }

  /**
   * Plans the dump of {@code database}, reads its schema from {@code skeleton} (mariadb-dump's {@code --no-data}
   * text) and opens {@code sessions} sessions in one snapshot; {@code position}: whether the text says where the
   * snapshot stands in the binary log, as {@code --master-data=2} does.
   */
  static Prepared prepare(String url, DumpAccount account, String database, int sessions, boolean position,
      java.util.function.Supplier<String> skeleton) {
    return prepare(url, account, database, sessions, position, skeleton, RANGE_BYTES);
  }

  /** As above, with key ranges of about {@code rangeBytes}. */
  static Prepared prepare(String url, DumpAccount account, String database, int sessions, boolean position,
      java.util.function.Supplier<String> skeleton, long rangeBytes) {
    Properties credentials = new Properties();
    credentials.setProperty("user", account.user());
    credentials.setProperty("password", account.password());
    credentials.setProperty("allowLocalInfile", "false");
    credentials.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT_MILLIS));
    ParallelDumpPlan.Outcome plan;
    try (Connection catalog = DriverManager.getConnection(url, credentials)) {
      plan = ParallelDumpPlan.of(catalog, database);
    } catch (SQLException e) {
      return new Prepared(null, "reading the catalog failed: " + e.getMessage());
    }
    if (plan.refusal() != null) {
      return new Prepared(null, plan.refusal());
    }
    SchemaSplice splice;
    try {
      splice = SchemaSplice.of(skeleton.get(), plan.tables().stream().map(DumpTable::name)
          .collect(java.util.stream.Collectors.toSet()));
    } catch (RuntimeException e) {
      return new Prepared(null, "reading the schema failed: " + e.getMessage());
    }
    if (splice == null) {
      return new Prepared(null, "mariadb-dump's schema text does not list the catalog's tables as expected (did they "
          + "change while the dump began?)");
    }
    SharedSnapshot snapshot;
    try {
      snapshot = SharedSnapshot.open(url, credentials, Math.max(1, sessions), position);
    } catch (SQLException e) {
      return new Prepared(null, "the sessions could not share a snapshot: " + e.getMessage());
    }
    try {
      Map<String, DumpTable> tables = new java.util.HashMap<>();
      plan.tables().forEach(t -> tables.put(t.name(), t));
      List<String> around = splice.around(snapshot.position(), position ? snapshot.gtidPosition() : null);
      List<Unit> units = new ArrayList<>();
      List<Segment> segments = new ArrayList<>();
      for (int i = 0; i < splice.tables().size(); i++) {
        segments.add(new Segment(around.get(i), -1));
        DumpTable table = tables.get(splice.tables().get(i));
        for (String where : ranges(snapshot.sessions().get(0), table, rangeBytes)) {
          segments.add(new Segment(null, units.size()));
          units.add(new Unit(table, where));
        }
      }
      segments.add(new Segment(around.get(around.size() - 1), -1));
      return new Prepared(new ParallelDump(snapshot, units, segments), null);
    } catch (SQLException | RuntimeException e) {
      snapshot.close();
      return new Prepared(null, "planning the key ranges failed: " + e.getMessage());
    }
  }

  /** The conditions that split {@code table} into ranges of its integer key; one null condition for all of it. */
  private static List<String> ranges(Connection session, DumpTable table, long rangeBytes) throws SQLException {
    List<String> ranges = new ArrayList<>();
    int count = (int) Math.min(MAX_RANGES, (table.estimatedBytes() + rangeBytes - 1) / rangeBytes);
    if (table.integerKey() == null || count < 2) {
      ranges.add(null);
      return ranges;
    }
    String key = DumpTable.quoted(table.integerKey());
    BigInteger low;
    BigInteger high;
    try (Statement query = session.createStatement();
         ResultSet row = query.executeQuery("SELECT MIN(" + key + "), MAX(" + key + ") FROM " + table.quoted())) {
      row.next();
      if (row.getString(1) == null) {
        ranges.add(null);
        return ranges;
      }
      low = new BigInteger(row.getString(1));
      high = new BigInteger(row.getString(2));
    }
    BigInteger step = high.subtract(low).add(BigInteger.ONE).divide(BigInteger.valueOf(count)).max(BigInteger.ONE);
    BigInteger from = null;
    for (int i = 1; i < count; i++) {
      BigInteger to = low.add(step.multiply(BigInteger.valueOf(i)));
      if (to.compareTo(high) > 0) {
        break;
      }
      ranges.add((from == null ? "" : key + " >= " + from + " AND ") + key + " < " + to);
      from = to;
    }
    ranges.add(from == null ? null : key + " >= " + from);
    return ranges;
  }

  int units() {
    return units.size();
  }

  /** How long commits waited while the sessions began their snapshot, in milliseconds. */
  double commitsHeldMillis() {
    return snapshot.commitsHeldMillis();
  }

  /** The bytes of SQL text written so far. */
  long written() {
    return written.get();
  }

  /**
   * Writes the whole dump, compressed, into {@code out}; {@code headerText} sees the text before the first table's rows
   * (the binary log position is there); {@code progress} hears the text's bytes about once a second while they grow.
   */
  void writeTo(OutputStream out, OutputStream headerText, Consumer<String> progress, String what)
      throws IOException, InterruptedException {
    List<Connection> sessions = snapshot.sessions();
    OrderedFrames frames = new OrderedFrames(out, PIECE_BUFFER);
    List<OrderedFrames.Piece> pieces = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      pieces.add(frames.piece(i));
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService readers = Executors.newFixedThreadPool(sessions.size(), r -> {
      Thread thread = new Thread(r, "dump-session");
      thread.setDaemon(true);
      return thread;
    });
    try {
      for (Connection session : sessions) {
        readers.execute(() -> {
          try {
            for (int i = next.getAndIncrement(); i < units.size(); i = next.getAndIncrement()) {
              read(session, units.get(i), frames, pieces.get(i), written);
            }
          } catch (Throwable failure) {
            frames.fail(failure);
          }
        });
      }
      long[] reported = {0};
      Runnable report = () -> {
        long now = written.get();
        if (now != reported[0]) {
          reported[0] = now;
          progress.accept(what + ": " + now + " bytes");
        }
      };
      boolean first = true;
      for (Segment segment : segments) {
        if (segment.text() != null) {
          byte[] bytes = segment.text().getBytes(StandardCharsets.UTF_8);
          if (first) {
            headerText.write(bytes);
            first = false;
          }
          try (OutputStream frame = new ZstdOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }

            @Override
            public void close() {
              // the frame ends; the part goes on
            }
          }, 3)) {
            frame.write(bytes);
          }
          written.addAndGet(bytes.length);
        } else {
          frames.awaitHead(pieces.get(segment.unit()), report);
        }
        report.run();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      frames.fail(e);
      snapshot.abort();
      throw e;
    } finally {
      snapshot.close();
      readers.shutdownNow();
      readers.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Reads one unit into its piece. The piece ends only when every row is in it: on a failure the dump is failed first,
   * so that a piece cut short is never taken as whole.
   */
  private static void read(Connection session, Unit unit, OrderedFrames frames, OrderedFrames.Piece piece,
      AtomicLong written) throws Exception {
    DumpTable table = unit.table();
    String query = "SELECT /*!40001 SQL_NO_CACHE */ " + table.selectList() + " FROM " + table.quoted()
        + (unit.where() == null ? "" : " WHERE " + unit.where() + " ORDER BY " + DumpTable.quoted(table.integerKey()));
    OutputStream frame = new ZstdOutputStream(piece, 3);
    try (Statement select = session.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      select.setFetchSize(FETCH_ROWS);
      BufferedOutputStream buffered = new BufferedOutputStream(frame, 1 << 16);
      InsertWriter insert = new InsertWriter(table, buffered);
      try (ResultSet rows = select.executeQuery(query)) {
        insert.writeAll(rows, written::addAndGet);
      }
      insert.end();
      buffered.flush();
    } catch (Exception | Error failure) {
      frames.fail(failure);
      try {
        frame.close();
      } catch (IOException afterFailure) {
        failure.addSuppressed(afterFailure);
      }
      throw failure;
    }
    frame.close();
  }

  @Override
  public void close() {
    snapshot.close();
  }
}
