package io.stackpilot.activities.database;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The newest schema version a release's Flyway migrations reach. A backup or database beyond it was written by
 * a newer release: the older release's code would run against tables it does not know, and Flyway by default
 * ignores such "future" versions, so Stackpilot refuses them itself.
 */
public final class ReleaseSchema {

  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.*\\.sql");

  private final String release;
  private final MigrationVersion newest;

  private ReleaseSchema(String release, MigrationVersion newest) {
    this.release = release;
    this.newest = newest;
  }

  /** From the file names of the release's migrations ({@code V2__account_plans.sql}); others are not versions. */
  public static ReleaseSchema of(String release, Collection<String> migrationFiles) {
    MigrationVersion newest = MigrationVersion.EMPTY;
    for (String file : migrationFiles) {
      Matcher m = VERSIONED.matcher(file);
      if (m.matches()) {
        MigrationVersion version = MigrationVersion.fromVersion(m.group(1).replace('_', '.'));
        if (version.compareTo(newest) > 0) {
          newest = version;
        }
      }
    }
    return new ReleaseSchema(release, newest);
  }

  public String release() {
    return release;
  }

  /** "2", or "none" for a release without versioned migrations. */
  public String newest() {
    return newest == MigrationVersion.EMPTY ? "none" : newest.getVersion();
  }

  /**
   * Whether this release's code may run on {@code schemaVersion}. Not judged: an unknown (null) version, and any
   * version for a release without versioned migrations (it does not manage its schema with Flyway).
   */
  public boolean knows(String schemaVersion) {
    if (schemaVersion == null || schemaVersion.isBlank() || "null".equals(schemaVersion)
        || newest == MigrationVersion.EMPTY) {
      return true;
    }
    return MigrationVersion.fromVersion(schemaVersion).compareTo(newest) <= 0;
  }
}
