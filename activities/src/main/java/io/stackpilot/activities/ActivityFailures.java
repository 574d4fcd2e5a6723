package io.stackpilot.activities;

import io.stackpilot.activities.compose.MissingSecretException;
import io.stackpilot.activities.database.DatabaseException;
import io.stackpilot.activities.database.RestoreIncompleteException;
import io.stackpilot.activities.database.SchemaNewerThanReleaseException;
import io.stackpilot.activities.database.sql.ForbiddenStatementException;
import io.stackpilot.activities.files.UnsafeArchiveException;
import io.stackpilot.activities.git.UnknownRefException;
import io.stackpilot.activities.git.UntrustedCommitException;
import io.stackpilot.activities.store.AlreadyExistsException;
import io.stackpilot.activities.store.MissingReleaseFileException;
import io.stackpilot.activities.store.TamperedBackupException;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.workflows.api.FailureType;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place where the activities' exceptions become the failure types the workflows act on
 * ({@link FailureType}, whose class comment states the tiers). An exception not listed here is transient: Temporal
 * retries it by the step's retry options, then the step waits for the operator with its message.
 */
public final class ActivityFailures {

  private static final Map<Class<? extends RuntimeException>, FailureType> TYPES = Map.ofEntries(
      Map.entry(InvalidConfigurationException.class, FailureType.INVALID_CONFIGURATION),
      Map.entry(MissingReleaseFileException.class, FailureType.INVALID_CONFIGURATION),
      Map.entry(UnknownRefException.class, FailureType.INVALID_CONFIGURATION),
      Map.entry(UntrustedCommitException.class, FailureType.INVALID_CONFIGURATION),
      Map.entry(TamperedBackupException.class, FailureType.TAMPERED_BACKUP),
      Map.entry(UnsafeArchiveException.class, FailureType.TAMPERED_BACKUP),
      Map.entry(ForbiddenStatementException.class, FailureType.TAMPERED_BACKUP),
      Map.entry(SchemaNewerThanReleaseException.class, FailureType.SCHEMA_NEWER_THAN_RELEASE),
      Map.entry(AlreadyExistsException.class, FailureType.BACKUP_CONFLICT),
      Map.entry(MissingSecretException.class, FailureType.MISSING_SECRET),
      Map.entry(RestoreIncompleteException.class, FailureType.RESTORE_INCOMPLETE),
      Map.entry(DatabaseException.class, FailureType.DATABASE_ERROR));

  private ActivityFailures() {}

  /** Runs an activity's work; a listed exception leaves it as a non-retryable failure of its type. */
  public static <T> T translated(Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      FailureType type = TYPES.get(e.getClass());
      if (type == null) {
        throw e;
      }
      throw type.failure(e.getMessage());
    }
  }

  public static void translated(Runnable work) {
    translated(() -> {
      work.run();
      return null;
    });
  }
}
