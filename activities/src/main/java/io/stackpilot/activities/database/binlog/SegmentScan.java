package io.stackpilot.activities.database.binlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an archived binary log segment whole before any of it is replayed, and refuses one a replay must not run.
 * The restore account needs {@code BINLOG REPLAY} to apply row events, and MariaDB applies them without checking the
 * account's table privileges: so every table a row event writes must be one of the application database, checked here
 * from the table maps. Statements (DDL of a migration) run as the restore account and must also pass the dump policy.
 * Every name mariadb-binlog prints into the text it replays (database, table, file and time zone names) must be plain,
 * so that none can end the comment or the statement it is printed in. Events of statement-based logging, compressed
 * statements and server-side file loads are refused: a row-format log does not hold them.
 */
public final class SegmentScan {

  /** Checks one statement of a query event against the dump policy; throws when the policy refuses it. */
  @FunctionalInterface
  public interface StatementPolicy {
    void check(String sql);
  }

  /**
   * What a segment holds: where its events start and end, the times of its first and last event (a transaction's
   * time, at the log's one-second resolution), the number of transactions it commits, and the tables its row events
   * write ({@code db.table}).
   */
  public record Summary(long endPosition, Instant firstEventAt, Instant lastEventAt, long transactions,
      String serverVersion, java.util.SortedSet<String> tables) {}

  private static final Set<Integer> ROW_EVENTS = Set.of(23, 24, 25, 30, 31, 32, 166, 167, 168, 169, 170, 171);
  private static final Set<Integer> ALLOWED = Set.of(BinlogEvents.QUERY, BinlogEvents.STOP, BinlogEvents.ROTATE,
      BinlogEvents.FORMAT_DESCRIPTION, BinlogEvents.XID, BinlogEvents.TABLE_MAP, BinlogEvents.ANNOTATE_ROWS,
      BinlogEvents.BINLOG_CHECKPOINT, BinlogEvents.GTID, BinlogEvents.GTID_LIST);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");
  private static final Pattern TIME_ZONE = Pattern.compile("[A-Za-z0-9/_+:.-]{0,64}");
  private static final Pattern DELIMITER = Pattern.compile("(?im)^\\s*delimiter\\b");
  private static final Set<String> FRAMING = Set.of("BEGIN", "COMMIT", "ROLLBACK");

  private final String database;
  private final StatementPolicy policy;

  public SegmentScan(String database, StatementPolicy policy) {
    if (!NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("'" + database + "' is not a database name");
    }
    this.database = database;
    this.policy = policy;
  }

  /** Scans the whole segment; throws {@link BinlogFormatException} or the policy's refusal, naming the position. */
  public Summary scan(InputStream segment) throws IOException {
    BinlogEvents events = new BinlogEvents(segment);
    Instant first = null;
    Instant last = null;
    long transactions = 0;
    java.util.SortedSet<String> tables = new java.util.TreeSet<>();
    for (BinlogEvents.Event e = events.next(t -> t != BinlogEvents.ANNOTATE_ROWS && !ROW_EVENTS.contains(t)); e != null;
         e = events.next(t -> t != BinlogEvents.ANNOTATE_ROWS && !ROW_EVENTS.contains(t))) {
      if (!ALLOWED.contains(e.type()) && !ROW_EVENTS.contains(e.type())) {
        throw refused(e, "is an event of type " + e.type() + (e.type() == BinlogEvents.QUERY_COMPRESSED
            ? " (a compressed statement)" : Set.of(BinlogEvents.INTVAR, BinlogEvents.RAND, BinlogEvents.USER_VAR)
            .contains(e.type()) ? " (statement-based logging)" : "") + ", which an archived row-format log does not hold");
      }
      switch (e.type()) {
        case BinlogEvents.QUERY -> {
          if (query(e, events)) {
            transactions++;
          }
        }
        case BinlogEvents.TABLE_MAP -> tables.add(database + "." + tableMap(e, events));
        case BinlogEvents.ROTATE -> fileName(e, e.body(), events.postHeader(BinlogEvents.ROTATE), "rotates to");
        case BinlogEvents.BINLOG_CHECKPOINT -> {
          int at = events.postHeader(BinlogEvents.BINLOG_CHECKPOINT);
          fileName(e, e.body(), at, "names the checkpoint file");
        }
        case BinlogEvents.XID -> transactions++;
        default -> { }
      }
      if (timed(e)) {
        first = first == null ? e.at() : first;
        last = e.at();
      }
    }
    return new Summary(events.position(), first, last, transactions, events.serverVersion(), tables);
  }

  /**
   * What a file of the log holds, read as the shipper archives it: its end and the times of its events, with no
   * judgement of them (that is the replay's, before it runs anything).
   */
  public static Summary summarize(InputStream segment) throws IOException {
    BinlogEvents events = new BinlogEvents(segment);
    Instant first = null;
    Instant last = null;
    long transactions = 0;
    java.util.SortedSet<String> tables = new java.util.TreeSet<>();
    for (BinlogEvents.Event e = events.next(t -> t == BinlogEvents.TABLE_MAP); e != null;
         e = events.next(t -> t == BinlogEvents.TABLE_MAP)) {
      if (e.type() == BinlogEvents.XID) {
        transactions++;
      }
      if (e.type() == BinlogEvents.TABLE_MAP) {
        tables.add(mappedTable(e, events));
      }
      if (timed(e)) {
        first = first == null ? e.at() : first;
        last = e.at();
      }
    }
    return new Summary(events.position(), first, last, transactions, events.serverVersion(), tables);
  }

  /** Events that say when a change was made; the log's own bookkeeping is stamped when the file was opened or closed. */
  private static boolean timed(BinlogEvents.Event e) {
    return e.type() != BinlogEvents.FORMAT_DESCRIPTION && e.type() != BinlogEvents.GTID_LIST
        && e.type() != BinlogEvents.BINLOG_CHECKPOINT && e.type() != BinlogEvents.ROTATE
        && e.type() != BinlogEvents.STOP && e.at().getEpochSecond() > 0;
  }

  /** Checks a statement; true when it commits a transaction of its own (DDL). */
  private boolean query(BinlogEvents.Event e, BinlogEvents events) {
    byte[] b = e.body();
    int post = events.postHeader(BinlogEvents.QUERY);
    if (b.length < Math.max(post, 13)) {
      throw refused(e, "is a statement event too short to hold one");
    }
    int dbLength = b[8] & 0xff;
    int statusLength = BinlogEvents.u16(b, 11);
    int status = post;
    int dbAt = status + statusLength;
    if (dbAt + dbLength + 1 > b.length) {
      throw refused(e, "is a statement event whose lengths do not fit it");
    }
    statusVariables(e, b, status, dbAt);
    String db = new String(b, dbAt, dbLength, StandardCharsets.UTF_8);
    if (!db.isEmpty() && !db.equals(database)) {
      throw refused(e, "runs a statement in database '" + printableOrHex(db) + "', not the application database "
          + database);
    }
    String sql = new String(b, dbAt + dbLength + 1, b.length - dbAt - dbLength - 1, StandardCharsets.UTF_8).strip();
    if (FRAMING.contains(sql.toUpperCase(java.util.Locale.ROOT))) {
      return sql.equalsIgnoreCase("COMMIT");
    }
    if (sql.contains("/*!*/") || DELIMITER.matcher(sql).find()) {
      throw refused(e, "holds a statement that would end or change the delimiter of the replay's own text");
    }
    try {
      policy.check(sql);
    } catch (RuntimeException refusal) {
      throw refused(e, "holds a statement the dump policy refuses: " + refusal.getMessage());
    }
    return true;
  }

  /** The statement's context: each value is skipped by its length, and the names mariadb-binlog prints are checked. */
  private static void statusVariables(BinlogEvents.Event e, byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int code = b[i++] & 0xff;
      switch (code) {
        case 0, 10 -> i += 4;
        case 1, 9, 17, 129 -> i += 8;
        case 3 -> i += 4;
        case 4 -> i += 6;
        case 7, 8, 18 -> i += 2;
        case 13, 128 -> i += 3;
        case 16, 19, 20, 130 -> i += 1;
        case 2 -> {
          int n = b[i] & 0xff;
          plain(e, b, i + 1, n, "catalog");
          i += 1 + n + 1;
        }
        case 5 -> {
          int n = b[i] & 0xff;
          String zone = new String(b, i + 1, Math.min(n, Math.max(0, to - i - 1)), StandardCharsets.US_ASCII);
          if (!TIME_ZONE.matcher(zone).matches()) {
            throw refused(e, "sets a time zone name that is not one: '" + printableOrHex(zone) + "'");
          }
          i += 1 + n;
        }
        case 6 -> {
          int n = b[i] & 0xff;
          plain(e, b, i + 1, n, "catalog");
          i += 1 + n;
        }
        case 11 -> {
          int user = b[i] & 0xff;
          plain(e, b, i + 1, user, "invoking user");
          i += 1 + user;
          int host = b[i] & 0xff;
          plain(e, b, i + 1, host, "invoking host");
          i += 1 + host;
        }
        case 12 -> {
          int count = b[i++] & 0xff;
          if (count != 254) {
            for (int n = 0; n < count; n++) {
              while (i < to && b[i] != 0) {
                i++;
              }
              i++;
            }
          }
        }
        default -> throw refused(e, "holds a statement context value of unknown kind " + code);
      }
      if (i > to) {
        throw refused(e, "holds a statement context that runs past its length");
      }
    }
  }

  private static void plain(BinlogEvents.Event e, byte[] b, int at, int length, String what) {
    for (int i = at; i < at + length; i++) {
      if (i >= b.length || b[i] < 0x20 || b[i] > 0x7e || b[i] == '\'' || b[i] == '`' || b[i] == '\\') {
        throw refused(e, "names a " + what + " that is not plain text");
      }
    }
  }

  /** A table map: the table a row event writes, which must be one of the application database. */
  private String tableMap(BinlogEvents.Event e, BinlogEvents events) {
    String[] mapped = mapped(e, events);
    String db = mapped[0];
    String table = mapped[1];
    if (!db.equals(database)) {
      throw refused(e, "writes rows of table '" + printableOrHex(db) + "." + printableOrHex(table)
          + "', outside the application database " + database);
    }
    if (!NAME.matcher(table).matches()) {
      throw refused(e, "writes rows of a table whose name is not plain: '" + printableOrHex(table) + "'");
    }
    return table;
  }

  /** The database and table a table map names, as {@code db.table}; unchecked (the replay checks). */
  private static String mappedTable(BinlogEvents.Event e, BinlogEvents events) {
    String[] mapped = mapped(e, events);
    return printableOrHex(mapped[0]) + "." + printableOrHex(mapped[1]);
  }

  private static String[] mapped(BinlogEvents.Event e, BinlogEvents events) {
    byte[] b = e.body();
    int at = events.postHeader(BinlogEvents.TABLE_MAP);
    if (at == 0) {
      at = 8;
    }
    if (b.length < at + 2) {
      throw refused(e, "is a table map too short to name a table");
    }
    int dbLength = b[at] & 0xff;
    if (b.length < at + 1 + dbLength + 2) {
      throw refused(e, "is a table map whose lengths do not fit it");
    }
    String db = new String(b, at + 1, dbLength, StandardCharsets.UTF_8);
    int tableAt = at + 1 + dbLength + 1;
    int tableLength = b[tableAt] & 0xff;
    if (b.length < tableAt + 1 + tableLength) {
      throw refused(e, "is a table map whose lengths do not fit it");
    }
    String table = new String(b, tableAt + 1, tableLength, StandardCharsets.UTF_8);
    return new String[] {db, table};
  }

  private static void fileName(BinlogEvents.Event e, byte[] b, int at, String what) {
    int from = Math.min(at, b.length);
    int end = from;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    String name = new String(b, from, end - from, StandardCharsets.US_ASCII);
    if (!name.isEmpty() && !FILE_NAME.matcher(name).matches()) {
      throw refused(e, what + " a file whose name is not plain: '" + printableOrHex(name) + "'");
    }
  }

  private static String printableOrHex(String text) {
    return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\'') ? text
        : "0x" + java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  private static SegmentRefusedException refused(BinlogEvents.Event e, String why) {
    return new SegmentRefusedException("the event at position " + e.position() + " " + why);
  }
}
