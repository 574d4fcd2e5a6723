package io.stackpilot.activities.files;

/** A files archive holds an entry that would land outside the files volume; nothing of it is restored. */
public final class UnsafeArchiveException extends RuntimeException {

  public UnsafeArchiveException(String message) {
    super(message);
  }
}
