package io.stackpilot.activities.store;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** How an operator reads a customer's complete backups in a message: newest first, id, release and time. */
public final class BackupCatalog {

  private BackupCatalog() {}

  /** Up to {@code most} of {@code complete} (newest first), e.g. "complete backups, newest first: b2 (1.1.0, …), …". */
  public static String describe(List<BackupManifest> complete, int most) {
    if (complete.isEmpty()) {
      return "it holds no complete backup";
    }
    String listed = complete.stream().limit(most).map(BackupCatalog::line).collect(Collectors.joining(", "));
    return "complete backups, newest first: " + listed + (complete.size() > most ? ", …" : "");
  }

  /** The newest complete backup older than {@code unusable}, which an operator can restore instead. */
  public static Optional<BackupManifest> previous(List<BackupManifest> complete, BackupManifest unusable) {
    return complete.stream()
        .filter(m -> !m.backupId().equals(unusable.backupId()))
        .filter(m -> m.createdInstant().isBefore(unusable.createdInstant())
            || m.createdInstant().equals(unusable.createdInstant()) && m.backupId().compareTo(unusable.backupId()) < 0)
        .findFirst();
  }

  /** How a refusal of a backup of {@code customer} names {@code previous}, e.g. ". The previous complete backup is …". */
  public static String offering(Optional<BackupManifest> previous, String customer) {
    return previous.map(m -> ". The previous complete backup is " + line(m))
        .orElse(". There is no older complete backup of " + customer);
  }

  private static String line(BackupManifest m) {
    return m.backupId() + " (release " + m.release() + ", " + m.createdAt() + ")";
  }
}
