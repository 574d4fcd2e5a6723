package io.stackpilot.activities.release;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;

/** Migration file names in the order Flyway applies them: V2 before V10, whatever their names sort as text. */
final class MigrationOrder {

  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.*");

  static final Comparator<String> BY_VERSION = Comparator.comparing(MigrationOrder::version)
      .thenComparing(Comparator.naturalOrder());

  private MigrationOrder() {}

  private static MigrationVersion version(String file) {
    Matcher m = VERSIONED.matcher(file);
    return m.matches() ? MigrationVersion.fromVersion(m.group(1).replace('_', '.')) : MigrationVersion.LATEST;
  }
}
