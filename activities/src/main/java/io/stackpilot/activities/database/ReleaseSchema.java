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
  private static final Pattern NAMED = Pattern.compile("V([0-9][0-9._]*)__(.*)\\.sql");

  private final String release;
  private final MigrationVersion newest;
  private final java.util.SortedSet<MigrationVersion> versions;

  private ReleaseSchema(String release, java.util.SortedSet<MigrationVersion> versions) {
    this.release = release;
    this.versions = versions;
    this.newest = versions.isEmpty() ? MigrationVersion.EMPTY : versions.last();
  }

  /** From the file names of the release's migrations ({@code V2__account_plans.sql}); others are not versions. */
  public static ReleaseSchema of(String release, Collection<String> migrationFiles) {
    java.util.SortedSet<MigrationVersion> versions = new java.util.TreeSet<>();
    for (String file : migrationFiles) {
      Matcher m = VERSIONED.matcher(file);
      if (m.matches()) {
        versions.add(MigrationVersion.fromVersion(m.group(1).replace('_', '.')));
      }
    }
    return new ReleaseSchema(release, versions);
  }

  public String release() {
    return release;
  }

  /** "2", or "none" for a release without versioned migrations. */
  public String newest() {
    return newest == MigrationVersion.EMPTY ? "none" : newest.getVersion();
  }

  /** Whether one of the release's migrations brings the schema to exactly {@code schemaVersion}. */
  public boolean hasVersion(String schemaVersion) {
    return versions.contains(MigrationVersion.fromVersion(schemaVersion));
  }

  /**
   * The release's migrations a database at {@code schemaVersion} has not run yet, in order, as Flyway names them:
   * "V2 account plans". Null: all of them.
   */
  public static java.util.List<String> pendingAbove(Collection<String> migrationFiles, String schemaVersion) {
    MigrationVersion at = schemaVersion == null ? MigrationVersion.EMPTY : MigrationVersion.fromVersion(schemaVersion);
    java.util.SortedMap<MigrationVersion, String> pending = new java.util.TreeMap<>();
    for (String file : migrationFiles) {
      Matcher m = NAMED.matcher(file);
      if (m.matches()) {
        MigrationVersion version = MigrationVersion.fromVersion(m.group(1).replace('_', '.'));
        if (version.compareTo(at) > 0) {
          pending.put(version, "V" + version.getVersion() + " " + m.group(2).replace('_', ' '));
        }
      }
    }
    return java.util.List.copyOf(pending.values());
  }

  /** The versions the release's migrations reach, oldest first: "1, 2". */
  public String versions() {
    return versions.stream().map(MigrationVersion::getVersion).collect(java.util.stream.Collectors.joining(", "));
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
