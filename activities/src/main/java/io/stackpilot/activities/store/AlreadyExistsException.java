package io.stackpilot.activities.store;

/** A write-once store refused to overwrite something that exists. */
public final class AlreadyExistsException extends RuntimeException {

  public AlreadyExistsException(String what) {
    super(what + " already exists; backup stores are write-once and never overwrite");
  }
}
