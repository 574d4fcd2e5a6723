package io.stackpilot.activities.database.sql;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The session settings a dump's {@code SET} statements give the server, followed as the server follows them: the SQL
 * mode flags that change how the server reads quotes ({@code ANSI_QUOTES}, {@code NO_BACKSLASH_ESCAPES}), the client
 * character set it decodes statements in, and the user variables the dump saves them in. A {@code SET} is a session
 * setting of an allowed variable with one plain value; a mode or character set the restore could not follow exactly
 * (a multi-byte set that can hide a quote, Oracle mode, a value computed by an expression) is refused.
 */
public final class DumpSession {

  /** Client character sets in which every ASCII byte stands for itself: a quote or backslash is never hidden. */
  private static final Set<String> CHARACTER_SETS = Set.of("utf8", "utf8mb3", "utf8mb4", "latin1", "ascii", "binary");
  private static final Set<String> UTF8 = Set.of("utf8", "utf8mb3", "utf8mb4");
  /** Session variables a dump sets (mariadb-dump and mysqldump write these and no others). */
  private static final Set<String> VARIABLES = Set.of("character_set_client", "character_set_results",
      "character_set_connection", "collation_connection", "time_zone", "unique_checks", "foreign_key_checks",
      "sql_mode", "sql_notes", "note_verbosity", "check_constraint_checks", "sql_quote_show_create", "autocommit",
      "names");
  /** SQL mode flags that do not change how a statement is split or quoted. */
  private static final Set<String> NEUTRAL_MODES = Set.of("", "NO_AUTO_VALUE_ON_ZERO", "STRICT_TRANS_TABLES",
      "STRICT_ALL_TABLES", "ERROR_FOR_DIVISION_BY_ZERO", "NO_AUTO_CREATE_USER", "NO_ENGINE_SUBSTITUTION", "NO_ZERO_DATE",
      "NO_ZERO_IN_DATE", "ONLY_FULL_GROUP_BY", "TRADITIONAL", "ALLOW_INVALID_DATES", "NO_DIR_IN_CREATE",
      "NO_UNSIGNED_SUBTRACTION", "PAD_CHAR_TO_FULL_LENGTH", "HIGH_NOT_PRECEDENCE", "IGNORE_SPACE", "NO_FIELD_OPTIONS",
      "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "REAL_AS_FLOAT", "PIPES_AS_CONCAT", "SIMULTANEOUS_ASSIGNMENT",
      "TIME_ROUND_FRACTIONAL", "EMPTY_STRING_IS_NULL");
  /** A user variable whose value the restore cannot know (never set, or set from a setting it does not follow). */
  private static final String UNKNOWN = "\u0000unknown";

  private final String serverSqlMode;
  private final Map<String, String> userVariables = new HashMap<>();
  private String sqlMode;
  private String characterSet = "utf8mb4";
  private boolean ansiQuotes;
  private boolean noBackslashEscapes;
  private String quotingChanged;

  /** @param serverSqlMode the server's {@code @@global.sql_mode}: what a new session starts with */
  public DumpSession(String serverSqlMode) {
    this.serverSqlMode = serverSqlMode;
    this.sqlMode = serverSqlMode;
    String refused = modes(serverSqlMode);
    if (refused != null) {
      throw new ForbiddenStatementException("the database server runs with sql_mode " + serverSqlMode + " (" + refused
          + "): a restore reads dumps under the default quoting rules only");
    }
  }

  /** MariaDB's default {@code sql_mode}. */
  public static final String SERVER_DEFAULT =
      "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";

  /** A session that starts in the server's default mode. */
  public DumpSession() {
    this(SERVER_DEFAULT);
  }

  /** {@code "…"} is a name, not a string ({@code ANSI_QUOTES}). */
  public boolean ansiQuotes() {
    return ansiQuotes;
  }

  /** A backslash in a string is a character, not an escape ({@code NO_BACKSLASH_ESCAPES}). */
  public boolean noBackslashEscapes() {
    return noBackslashEscapes;
  }

  /** The first SQL mode the dump set that changes quoting, with its line; null while none did. */
  public String quotingChanged() {
    return quotingChanged;
  }

  /** The client character set the server reads the next statement in. */
  public String characterSet() {
    return characterSet;
  }

  public boolean utf8() {
    return UTF8.contains(characterSet);
  }

  /**
   * Follows a {@code SET} statement (tokens from its second on); refuses one a dump does not write.
   */
  void apply(SqlStatement s, Tokens t, Refusals refusals) {
    int i = 1;
    while (true) {
      if (t.is(i, "SESSION") || t.is(i, "LOCAL")) {
        i++;
      }
      Tokens.Token name = t.get(i);
      if (name.is("NAMES") || name.is("CHARSET") || (name.is("CHARACTER") && t.is(i + 1, "SET"))) {
        i += name.is("CHARACTER") ? 2 : 1;
        characterSet(s, value(s, t, i, refusals), refusals);
        i++;
        if (t.is(i, "COLLATE")) {
          i += 2;
        }
      } else {
        String variable = variable(s, name, refusals);
        i++;
        if (t.get(i).text().equals(":") && t.get(i + 1).text().equals("=")) {
          i++;
        }
        if (!t.get(i).text().equals("=") || t.get(i).quoted()) {
          throw refusals.refused(s, "is a SET that is not a plain assignment (at '" + t.get(i).text() + "')");
        }
        i++;
        if (t.get(i).text().equals("-") && !t.get(i).quoted()) {
          i++;
        }
        String value = value(s, t, i, refusals);
        i++;
        if (variable.startsWith("@")) {
          userVariables.put(variable, value);
        } else if (variable.equals("sql_mode")) {
          sqlMode(s, value, refusals);
        } else if (variable.equals("character_set_client")) {
          characterSet(s, value, refusals);
        }
      }
      if (i >= t.size()) {
        return;
      }
      if (!t.get(i).text().equals(",") || t.get(i).quoted()) {
        throw refusals.refused(s, "sets a value computed by an expression (at '" + t.get(i).text()
            + "'): a dump sets plain values");
      }
      i++;
    }
  }

  /** The variable assigned at {@code name}: "@user" variables as they are, session variables by their bare name. */
  private String variable(SqlStatement s, Tokens.Token name, Refusals refusals) {
    String word = name.quoted() ? "" : name.text().toLowerCase(Locale.ROOT);
    if (word.startsWith("@@")) {
      String bare = word.substring(2);
      if (bare.startsWith("global.") || bare.startsWith("persist")) {
        throw refusals.refused(s, "changes a server setting (SET GLOBAL): a restore sets only its own session");
      }
      word = bare.startsWith("session.") ? bare.substring(8) : bare.startsWith("local.") ? bare.substring(6) : bare;
    } else if (word.startsWith("@")) {
      return word;
    }
    if (word.equals("global") || word.equals("persist") || word.equals("persist_only")) {
      throw refusals.refused(s, "changes a server setting (SET GLOBAL): a restore sets only its own session");
    }
    if (!VARIABLES.contains(word)) {
      throw refusals.refused(s, "sets '" + (word.isEmpty() ? name.text() : word) + "', which is not a session setting "
          + "of a dump (allowed: " + String.join(", ", new java.util.TreeSet<>(VARIABLES)) + ", user variables)");
    }
    return word;
  }

  /** One plain value: a string, number or word, or a variable read as it stands now. */
  private String value(SqlStatement s, Tokens t, int i, Refusals refusals) {
    Tokens.Token token = t.get(i);
    String text = token.text();
    if (text.isEmpty() && !token.quoted()) {
      throw refusals.refused(s, "is a SET without a value");
    }
    if (token.literal()) {
      char quote = text.charAt(0);
      return text.substring(1, Math.max(1, text.length() - 1)).replace("" + quote + quote, "" + quote);
    }
    if (token.quoted()) {
      return text;
    }
    String word = text.toLowerCase(Locale.ROOT);
    if (word.startsWith("@@")) {
      if (word.startsWith("@@global.")) {
        return UNKNOWN;
      }
      String bare = word.replaceFirst("^@@(session\\.|local\\.)?", "");
      return switch (bare) {
        case "sql_mode" -> sqlMode;
        case "character_set_client" -> characterSet;
        default -> UNKNOWN;
      };
    }
    if (word.startsWith("@")) {
      return userVariables.getOrDefault(word, UNKNOWN);
    }
    if (!word.matches("[a-z0-9_.+-]+")) {
      throw refusals.refused(s, "sets a value computed by an expression (at '" + text + "'): a dump sets plain values");
    }
    return text;
  }

  private void characterSet(SqlStatement s, String value, Refusals refusals) {
    String name = value.toLowerCase(Locale.ROOT);
    if (name.equals("default")) {
      name = "utf8mb4";
    }
    if (!CHARACTER_SETS.contains(name)) {
      throw refusals.refused(s, "switches the client character set to " + (value.equals(UNKNOWN) ? "a value the "
          + "restore cannot follow" : "'" + value + "'") + ": a dump is read in " + String.join(", ",
          new java.util.TreeSet<>(CHARACTER_SETS)) + " only, where no multi-byte character can hide a quote");
    }
    characterSet = name;
  }

  private void sqlMode(SqlStatement s, String value, Refusals refusals) {
    if (value.equals(UNKNOWN)) {
      throw refusals.refused(s, "sets sql_mode from a value the restore cannot follow");
    }
    String mode = value.equalsIgnoreCase("default") ? serverSqlMode : value;
    String refused = modes(mode);
    if (refused != null) {
      throw refusals.refused(s, "sets sql_mode " + refused + ", which changes how the server reads statements in a way "
          + "no dump needs");
    }
    sqlMode = mode;
    boolean quoting = ansiQuotes || noBackslashEscapes;
    ansiQuotes = false;
    noBackslashEscapes = false;
    for (String flag : mode.toUpperCase(Locale.ROOT).split(",")) {
      switch (flag.strip()) {
        case "ANSI_QUOTES", "ANSI" -> ansiQuotes = true;
        case "NO_BACKSLASH_ESCAPES" -> noBackslashEscapes = true;
        default -> { }
      }
    }
    if (!quoting && (ansiQuotes || noBackslashEscapes) && quotingChanged == null) {
      quotingChanged = "sql_mode " + mode + " at line " + s.line();
    }
  }

  /** The first flag of {@code mode} the restore does not follow; null when it follows all. */
  private static String modes(String mode) {
    for (String flag : mode.toUpperCase(Locale.ROOT).split(",")) {
      String f = flag.strip();
      if (!NEUTRAL_MODES.contains(f) && !f.equals("ANSI_QUOTES") && !f.equals("ANSI")
          && !f.equals("NO_BACKSLASH_ESCAPES")) {
        return "'" + f + "'";
      }
    }
    return null;
  }

  /** Builds the refusal of a statement, naming its line. */
  interface Refusals {
    ForbiddenStatementException refused(SqlStatement s, String why);
  }
}
