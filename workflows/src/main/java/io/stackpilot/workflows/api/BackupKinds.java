package io.stackpilot.workflows.api;

import java.util.List;

/** Why a backup exists, as its manifest and the backup catalog say it. */
public final class BackupKinds {

  public static final String NIGHTLY = "nightly";
  public static final String MANUAL = "manual";
  /** Taken by an update before it migrates. */
  public static final String SAFETY = "safety";
  /** Taken on the old host by a migration before it stops it. */
  public static final String FINAL = "final";
  public static final String IMPORT = "import";
  /** Taken to start a chain of the archived binary log: when archiving begins, and after a gap in it. */
  public static final String CHAIN = "chain";
  /** A release's vanilla backup, copied into the customer's store by the first install. */
  public static final String VANILLA = "vanilla";
  public static final List<String> ALL = List.of(NIGHTLY, MANUAL, SAFETY, FINAL, IMPORT, VANILLA, CHAIN);

  private BackupKinds() {}

  /** The kind of a backup a BackupStack run takes for {@code reason}: the loop's nightly ones and those that start a binary log chain, otherwise manual. */
  public static String ofReason(String reason) {
    return NIGHTLY.equals(reason) || CHAIN.equals(reason) ? reason : MANUAL;
  }
}
