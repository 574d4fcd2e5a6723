package io.stackpilot.activities;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.activities.compose.MissingSecretException;
import io.stackpilot.activities.database.SchemaNewerThanReleaseException;
import io.stackpilot.activities.store.AlreadyExistsException;
import io.stackpilot.activities.store.TamperedBackupException;
import io.stackpilot.model.InvalidConfigurationException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Exceptions become the workflows' failure types in one place; anything unlisted stays transient. */
class ActivityFailuresTest {

  @Test
  void knownExceptionsBecomeNonRetryableFailuresOfTheirType() {
    assertType(new InvalidConfigurationException("store location 'x' is not file:///<path>"), "InvalidConfiguration");
    assertType(new TamperedBackupException("b1", "db.sql.zst", "is truncated"), "TamperedBackup");
    assertType(new SchemaNewerThanReleaseException("schema 3 is newer than release 1.0.0"), "SchemaNewerThanRelease");
    assertType(new AlreadyExistsException("b1/manifest.json"), "BackupConflict");
    assertType(new MissingSecretException("env:ACME__DB_ROOT_PASSWORD is not set"), "MissingSecret");
    assertType(new io.stackpilot.activities.files.UnsafeArchiveException("entry '../x' escapes"), "TamperedBackup");
    assertType(new io.stackpilot.activities.database.sql.ForbiddenStatementException("GRANT"), "TamperedBackup");
    assertType(new io.stackpilot.activities.database.RestoreIncompleteException("half"), "RestoreIncomplete");
    assertType(new io.stackpilot.activities.database.DatabaseException("denied"), "DatabaseError");
    assertType(new io.stackpilot.activities.git.UnknownRefException("no ref v9"), "InvalidConfiguration");
    assertType(new io.stackpilot.activities.git.UntrustedCommitException("unsigned"), "InvalidConfiguration");
    assertType(new io.stackpilot.activities.store.MissingReleaseFileException("s", "1.0.0", "release.yaml"),
        "InvalidConfiguration");
  }

  @Test
  void programmingErrorIsNotBlamedOnTheConfiguration() {
    IllegalArgumentException bug = new IllegalArgumentException("index -1 out of bounds");

    assertThatThrownBy(() -> ActivityFailures.translated(() -> {
      throw bug;
    })).isSameAs(bug);
  }

  @Test
  void storeOutageStaysTransient() {
    UncheckedIOException outage = new UncheckedIOException(new IOException("connection refused"));

    assertThatThrownBy(() -> ActivityFailures.translated(() -> {
      throw outage;
    })).isSameAs(outage);
  }

  private static void assertType(RuntimeException e, String type) {
    assertThatThrownBy(() -> ActivityFailures.translated(() -> {
      throw e;
    })).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      org.assertj.core.api.Assertions.assertThat(f.getType()).isEqualTo(type);
      org.assertj.core.api.Assertions.assertThat(f.isNonRetryable()).isTrue();
      org.assertj.core.api.Assertions.assertThat(f.getOriginalMessage()).isEqualTo(e.getMessage());
    });
  }
}
