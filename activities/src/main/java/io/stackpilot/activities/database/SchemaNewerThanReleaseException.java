package io.stackpilot.activities.database;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** A backup or database holds a schema newer than the release being deployed knows; nothing was changed. */
public final class SchemaNewerThanReleaseException extends TypedException {

  public SchemaNewerThanReleaseException(String message) {
    super(FailureType.SCHEMA_NEWER_THAN_RELEASE, message);
  }
}
