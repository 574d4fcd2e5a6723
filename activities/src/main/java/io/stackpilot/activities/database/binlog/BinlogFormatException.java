package io.stackpilot.activities.database.binlog;

/** A segment that is not a binary log as MariaDB writes one: damaged, cut short, or made by hand. */
public final class BinlogFormatException extends RuntimeException {

  public BinlogFormatException(String message) {
    super(message);
  }
}
