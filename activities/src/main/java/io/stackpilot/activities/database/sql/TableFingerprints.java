package io.stackpilot.activities.database.sql;

import io.stackpilot.workflows.activities.TableFingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The per-table fingerprints of a SQL dump, read as it streams: each row of an {@code INSERT … VALUES} list is hashed
 * as mariadb-dump wrote it (64-bit FNV-1a of its text) and the hashes of a table are added up, so the checksum does not
 * depend on the order of the rows or on how the dump split them into statements. Tables without rows are listed with 0.
 * The backup records them in its manifest; a drill dumps the restored database again and compares.
 */
public final class TableFingerprints {

  /** Conditional comments up to MariaDB 10.0 run, so that mariadb-dump's settings are statements, not comments. */
  private static final int LEXER_VERSION = 100000;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final Map<String, long[]> tables = new HashMap<>();

  private TableFingerprints() {}

  /** The fingerprints of the dump {@code sql} (plain text) of {@code database}. */
  public static SortedMap<String, TableFingerprint> of(InputStream sql, String database) throws IOException {
    TableFingerprints fingerprints = new TableFingerprints();
    // Rows are counted and hashed, never run: their values need not be read twice for a non-literal.
    DumpReader dump = new DumpReader(new InputStreamReader(sql, StandardCharsets.UTF_8), database, LEXER_VERSION,
        DumpSession.SERVER_DEFAULT, Long.MAX_VALUE, false);
    for (SqlStatement statement = dump.nextUnchecked(); statement != null; statement = dump.nextUnchecked()) {
      DumpPolicy.Classified what;
      try {
        what = dump.check(statement);
      } catch (ForbiddenStatementException notAFingerprintMatter) {
        // the restore refuses such a dump; counting rows is all this reads it for
        continue;
      }
      if (what.kind() == DumpPolicy.Kind.CREATE_TABLE) {
        fingerprints.tables.computeIfAbsent(what.table(), t -> new long[2]);
      } else if (what.kind() == DumpPolicy.Kind.ROWS) {
        fingerprints.rows(what.table(), statement.text());
      }
    }
    SortedMap<String, TableFingerprint> result = new TreeMap<>();
    fingerprints.tables.forEach((table, sums) -> result.put(table,
        new TableFingerprint(sums[0], String.format("%016x", sums[1]))));
    return Collections.unmodifiableSortedMap(result);
  }

  /** Hashes each parenthesized row after VALUES, finding its end past quoted strings and nested parentheses. */
  private void rows(String table, String insert) {
    long[] sums = tables.computeIfAbsent(table, t -> new long[2]);
    // Past a column list, whatever its columns are called.
    Tokens head = DumpPolicy.rowsHead(insert);
    int at = head.get(head.size() - 1).end();
    int depth = 0;
    char quote = 0;
    long hash = FNV_OFFSET;
    for (int i = at; i < insert.length(); i++) {
      char c = insert.charAt(i);
      if (depth > 0) {
        hash = (hash ^ c) * FNV_PRIME;
      }
      if (quote != 0) {
        if (c == '\\' && i + 1 < insert.length()) {
          hash = (hash ^ insert.charAt(++i)) * FNV_PRIME;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        if (depth++ == 0) {
          hash = FNV_OFFSET;
        }
      } else if (c == ')' && --depth == 0) {
        sums[0]++;
        sums[1] += hash;
      }
    }
  }
}
