package io.stackpilot.activities.store;

/** The release store lacks a file the release needs: the release is incomplete, retrying will not help. */
public final class MissingReleaseFileException extends RuntimeException {

  public MissingReleaseFileException(String store, String release, String file) {
    super("release store " + store + " has no " + release + "/" + file);
  }
}
