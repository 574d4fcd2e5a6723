package io.stackpilot.activities.database.sql;

import io.stackpilot.activities.database.sql.DumpPolicy.Classified;
import io.stackpilot.activities.database.sql.DumpPolicy.Kind;
import java.util.Set;

/**
 * The grammar of the definitions a dump holds: {@code CREATE}, {@code DROP} and {@code ALTER} of tables, indexes,
 * sequences and stored objects in the application database; a stored object's {@code DEFINER} becomes the restoring
 * account. Anything else is refused.
 */
final class Definitions {

  private static final Set<String> OBJECTS = Set.of("VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT");
  private static final Set<String> CREATE_FLAGS = Set.of("AGGREGATE", "UNIQUE", "FULLTEXT", "SPATIAL", "ONLINE",
      "OFFLINE");
  private static final Set<String> ALTER_FLAGS = Set.of("ONLINE", "IGNORE");

  private final NameGuard names;

  Definitions(NameGuard names) {
    this.names = names;
  }

  Classified create(SqlStatement s, Tokens t) {
    int i = 1;
    if (t.is(i, "OR") && t.is(i + 1, "REPLACE")) {
      i += 2;
    }
    int from = i;
    i = pastOptions(t, i, CREATE_FLAGS);
    int definer = definerClause(t, from, i);
    String kind = t.get(i).word();
    if (t.get(i).quoted()) {
      kind = "";
    }
    switch (kind) {
      case "TABLE" -> {
        int at = skipIfExists(t, i + 1);
        String table = names.tableAt(s, t, at);
        if (t.find(at, "SELECT", "LIKE") >= 0) {
          NameGuard.forbiddenWords(s, t);
          return new Classified(Kind.BARRIER, null, null);
        }
        NameGuard.forbiddenWords(s, t);
        return new Classified(Kind.CREATE_TABLE, table, null);
      }
      case "SEQUENCE" -> {
        names.tableAt(s, t, skipIfExists(t, i + 1));
        return new Classified(Kind.BARRIER, null, null);
      }
      case "INDEX" -> {
        NameGuard.forbiddenWords(s, t);
        return new Classified(Kind.TABLE, names.tableAt(s, t, t.find(i, "ON") + 1), null);
      }
      case "DATABASE", "SCHEMA" -> {
        names.requireDatabase(s, t.get(skipIfExists(t, i + 1)));
        return DumpPolicy.skip();
      }
      case "VIEW", "TRIGGER", "PROCEDURE", "EVENT", "FUNCTION" -> {
        names.tableAt(s, t, skipIfExists(t, i + 1));
        if (kind.equals("TRIGGER")) {
          names.tableAt(s, t, t.find(i, "ON") + 1);
        }
        names.body(s, t);
        return new Classified(Kind.OBJECT, null, null, Definers.toCurrentUser(s.text(), t, definer));
      }
      case "TEMPORARY" -> throw DumpPolicy.refused(s, "creates a temporary table, which holds no data of the database");
      default -> {
        return DumpPolicy.refuse(s, t);
      }
    }
  }

  Classified drop(SqlStatement s, Tokens t) {
    String kind = t.get(1).word();
    if (t.get(1).quoted()) {
      return DumpPolicy.refuse(s, t);
    }
    if (kind.equals("TABLE")) {
      int at = skipIfExists(t, 2);
      String table = names.tableAt(s, t, at);
      int next = at + (NameGuard.qualified(t, at) ? 3 : 1);
      if (t.is(next, ",")) {
        for (int i = next; i < t.size(); i++) {
          if (t.is(i, ",")) {
            names.tableAt(s, t, i + 1);
          }
        }
        return new Classified(Kind.BARRIER, null, null);
      }
      return new Classified(Kind.TABLE, table, null);
    }
    if (kind.equals("INDEX")) {
      return new Classified(Kind.TABLE, names.tableAt(s, t, t.find(2, "ON") + 1), null);
    }
    if (OBJECTS.contains(kind)) {
      names.tableAt(s, t, skipIfExists(t, 2));
      return new Classified(Kind.OBJECT, null, null);
    }
    if (kind.equals("SEQUENCE")) {
      names.tableAt(s, t, skipIfExists(t, 2));
      return new Classified(Kind.BARRIER, null, null);
    }
    return DumpPolicy.refuse(s, t);
  }

  Classified alter(SqlStatement s, Tokens t) {
    int i = pastOptions(t, 1, ALTER_FLAGS);
    int definer = definerClause(t, 1, i);
    String kind = t.get(i).quoted() ? "" : t.get(i).word();
    switch (kind) {
      case "TABLE" -> {
        int at = skipIfExists(t, i + 1);
        String table = names.tableAt(s, t, at);
        int next = at + (NameGuard.qualified(t, at) ? 3 : 1);
        if ((t.is(next, "DISABLE") || t.is(next, "ENABLE")) && t.is(next + 1, "KEYS") && t.size() <= next + 2) {
          return DumpPolicy.skip();
        }
        NameGuard.forbiddenWords(s, t);
        return new Classified(Kind.TABLE, table, null);
      }
      case "DATABASE", "SCHEMA" -> {
        Tokens.Token name = t.get(i + 1);
        if (!name.is("CHARACTER") && !name.is("DEFAULT") && !name.is("COLLATE") && !name.is("CHARSET")) {
          names.requireDatabase(s, name);
        }
        for (int j = i + 1; j < t.size(); j++) {
          if (t.is(j, "UPGRADE") || t.is(j, "DIRECTORY")) {
            return DumpPolicy.refuse(s, t);
          }
        }
        return new Classified(Kind.OBJECT, null, null);
      }
      case "VIEW", "PROCEDURE", "FUNCTION", "EVENT" -> {
        names.tableAt(s, t, skipIfExists(t, i + 1));
        names.body(s, t);
        return new Classified(Kind.OBJECT, null, null, Definers.toCurrentUser(s.text(), t, definer));
      }
      case "SEQUENCE" -> {
        names.tableAt(s, t, skipIfExists(t, i + 1));
        return new Classified(Kind.BARRIER, null, null);
      }
      default -> {
        return DumpPolicy.refuse(s, t);
      }
    }
  }

  /** Past the options before an object's kind: {@code ALGORITHM=…}, {@code DEFINER=…}, {@code SQL SECURITY …}, flags. */
  private static int pastOptions(Tokens t, int i, Set<String> flags) {
    while (true) {
      if (t.is(i, "ALGORITHM") && t.is(i + 1, "=")) {
        i += 3;
      } else if (t.is(i, "DEFINER") && t.is(i + 1, "=")) {
        i = Definers.endOfUser(t, i + 2);
      } else if (t.is(i, "SQL") && t.is(i + 1, "SECURITY")) {
        i += 3;
      } else if (!t.get(i).quoted() && flags.contains(t.get(i).word())) {
        i++;
      } else {
        return i;
      }
    }
  }

  /** The index of the {@code DEFINER =} keyword among the options from {@code from} to {@code to}; -1 when none. */
  private static int definerClause(Tokens t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (t.is(i, "DEFINER") && t.is(i + 1, "=")) {
        return i;
      }
    }
    return -1;
  }

  /** Past {@code IF [NOT] EXISTS} at {@code at}. */
  private static int skipIfExists(Tokens t, int at) {
    if (t.is(at, "IF")) {
      return t.is(at + 1, "NOT") ? at + 3 : at + 2;
    }
    return at;
  }

}
