package io.stackpilot.activities.store;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;

/** The release store lacks a file the release needs: the release is incomplete, retrying will not help. */
public final class MissingReleaseFileException extends TypedException {

  public MissingReleaseFileException(String store, String release, String file) {
    super(FailureType.INVALID_CONFIGURATION, "release store " + store + " has no " + release + "/" + file);
  }
}
