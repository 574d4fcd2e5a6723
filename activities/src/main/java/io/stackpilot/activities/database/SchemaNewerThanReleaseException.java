package io.stackpilot.activities.database;

/** A backup or database holds a schema newer than the release being deployed knows; nothing was changed. */
public final class SchemaNewerThanReleaseException extends RuntimeException {

  public SchemaNewerThanReleaseException(String message) {
    super(message);
  }
}
