package io.stackpilot.activities.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Reads every part of a backup back and checks its size and SHA-256 against the manifest. */
public final class BackupVerifier {

  private BackupVerifier() {}

  /**
   * Reads each part in turn, reporting progress from the stream it reads.
   *
   * @throws TamperedBackupException naming the first part that is missing, truncated, longer or altered
   */
  public static void verify(BackupStore store, BackupManifest manifest, Consumer<String> progress) {
    for (BackupManifest.Part expected : manifest.parts()) {
      verifyPart(store, manifest, expected, progress);
    }
  }

  /** One part of {@code manifest}, as {@link #verify} checks it. */
  public static void verifyPart(BackupStore store, BackupManifest manifest, BackupManifest.Part expected,
      Consumer<String> progress) {
    BackupManifest.Part actual;
    try (InputStream in = new Progress(store.openPart(manifest.customer(), manifest.backupId(), expected.name()),
             "verify " + expected.name() + " of " + manifest.backupId(), expected.size(), progress);
         Sha256 sha = new Sha256(in)) {
      sha.transferTo(OutputStream.nullOutputStream());
      actual = new BackupManifest.Part(expected.name(), sha.hex(), sha.count());
    } catch (MissingPartException e) {
      throw new TamperedBackupException(manifest.backupId(), expected.name(), "is missing");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (actual.size() < expected.size()) {
      throw new TamperedBackupException(manifest.backupId(), expected.name(),
          "is truncated: " + actual.size() + " of " + expected.size() + " bytes");
    }
    if (actual.size() > expected.size()) {
      throw new TamperedBackupException(manifest.backupId(), expected.name(),
          "is longer than its manifest says: " + actual.size() + " instead of " + expected.size() + " bytes");
    }
    if (!actual.sha256().equals(expected.sha256())) {
      throw new TamperedBackupException(manifest.backupId(), expected.name(),
          "does not match its manifest: SHA-256 " + actual.sha256() + ", expected " + expected.sha256());
    }
  }
}
