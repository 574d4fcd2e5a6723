package io.stackpilot.activities.store;

/** A part the manifest lists is not in the store. */
public final class MissingPartException extends RuntimeException {

  public MissingPartException(String store, String customer, String backupId, String part) {
    super("backup " + backupId + " of " + customer + " in " + store + " has no part " + part);
  }
}
