package io.stackpilot.activities.database;

import io.stackpilot.workflows.activities.MigrationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs a release's Flyway migrations against the stack's database. A database restored from a backup whose
 * dump has no Flyway history (a vanilla backup) is baselined at the schema version its manifest records; a
 * nightly backup brings its history along. Running it again applies nothing.
 */
public final class DatabaseMigrations {

  /**
   * Migrates {@code database} with {@code migrations} of {@code release}; a schema newer than they reach is refused.
   * {@code restoredSchemaVersion}: the schema version of the backup Stackpilot restored into it (null when it
   * restored none: an installation adopted as it was), where Flyway baselines a database without its history.
   */
  public MigrationResult migrate(String jdbcUrl, String password, String database, String release,
      SortedMap<String, String> migrations, String restoredSchemaVersion) {
    ReleaseSchema schema = ReleaseSchema.of(release, migrations.keySet());
    Path dir = write(migrations);
    String baseline = restoredSchemaVersion == null ? "1" : restoredSchemaVersion;
    try {
      Flyway flyway = Flyway.configure()
          .dataSource(jdbcUrl, "root", password)
          .defaultSchema(database)
          .schemas(database)
          .locations("filesystem:" + dir)
          .baselineOnMigrate(true)
          .baselineVersion(baseline)
          .baselineDescription("restored backup")
          .cleanDisabled(true)
          .load();
      // Without Flyway's history (a restored vanilla backup) the database is at the version it will be baselined at.
      MigrationInfo current = flyway.info().current();
      String at = current != null && current.getVersion() != null ? current.getVersion().getVersion() : baseline;
      if (!schema.knows(at)) {
        throw new SchemaNewerThanReleaseException("database " + database + " is at schema version "
            + at + ", newer than release " + release + " knows (its migrations reach version "
            + schema.newest() + "): going back to an older release needs a backup taken under it, restored on an "
            + "empty stack; nothing was migrated");
      }
      MigrateResult result = flyway.migrate();
      List<String> applied = result.migrations.stream().map(m -> "V" + m.version + " " + m.description).toList();
      String version = flyway.info().current() == null ? null : flyway.info().current().getVersion().getVersion();
      return new MigrationResult(applied, version);
    } catch (FlywayException e) {
      throw new DatabaseException("migrating " + database + " failed: " + e.getMessage());
    } finally {
      delete(dir);
    }
  }


  private static Path write(SortedMap<String, String> migrations) {
    try {
      Path dir = Files.createTempDirectory("stackpilot-migrations");
      for (Map.Entry<String, String> migration : migrations.entrySet()) {
        Files.writeString(dir.resolve(migration.getKey()), migration.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
