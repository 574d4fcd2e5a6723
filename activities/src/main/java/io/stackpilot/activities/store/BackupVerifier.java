package io.stackpilot.activities.store;

import io.stackpilot.workflows.api.PartCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Reads every part of a backup back and checks its size and SHA-256 against the manifest. */
public final class BackupVerifier {

  static final String MISSING = "missing";
  static final String TRUNCATED = "truncated";
  static final String LONGER = "longer";
  static final String ALTERED = "altered";

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
    verifyPart(store, manifest, expected, progress, null);
  }

  /**
   * As above, with {@code reader} reading the part's bytes on the way (what it leaves unread is still digested); what it
   * made of them counts only when the part matches its manifest.
   */
  public static void verifyPart(BackupStore store, BackupManifest manifest, BackupManifest.Part expected,
      Consumer<String> progress, PartReader reader) {
    PartCheck check = check(store, manifest, expected, progress, reader);
    String why = switch (check.outcome()) {
      case PartCheck.OK -> null;
      case MISSING -> "is missing";
      case TRUNCATED -> "is truncated: " + check.size() + " of " + check.expectedSize() + " bytes";
      case LONGER -> "is longer than its manifest says: " + check.size() + " instead of " + check.expectedSize() + " bytes";
      default -> "does not match its manifest: SHA-256 " + check.sha256() + ", expected " + check.expectedSha256();
    };
    if (why != null) {
      throw new TamperedBackupException(manifest.backupId(), expected.name(), why);
    }
  }

  /** Reads one part of {@code manifest} back and says how it compares: ok, missing, truncated, longer or altered. */
  public static PartCheck check(BackupStore store, BackupManifest manifest, BackupManifest.Part expected,
      Consumer<String> progress) {
    return check(store, manifest, expected, progress, null);
  }

  /** Reads a part's bytes as they are verified, in the same pass. */
  @FunctionalInterface
  public interface PartReader {
    /** Reads from {@code part} as far as it needs; must not close it. */
    void read(InputStream part) throws IOException;
  }

  private static PartCheck check(BackupStore store, BackupManifest manifest, BackupManifest.Part expected,
      Consumer<String> progress, PartReader reader) {
    BackupManifest.Part actual;
    try (InputStream in = new Progress(store.openPart(manifest.customer(), manifest.backupId(), expected.name()),
             "verify " + expected.name() + " of " + manifest.backupId(), expected.size(), progress);
         Sha256 sha = new Sha256(in)) {
      if (reader != null) {
        reader.read(new java.io.FilterInputStream(sha) {
          @Override
          public void close() {
            // the digest needs the rest of the part
          }
        });
      }
      sha.transferTo(OutputStream.nullOutputStream());
      actual = new BackupManifest.Part(expected.name(), sha.hex(), sha.count());
    } catch (MissingPartException e) {
      return new PartCheck(expected.name(), expected.size(), 0, expected.sha256(), null, MISSING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String outcome = actual.size() < expected.size() ? TRUNCATED : actual.size() > expected.size() ? LONGER
        : actual.sha256().equals(expected.sha256()) ? PartCheck.OK : ALTERED;
    return new PartCheck(expected.name(), expected.size(), actual.size(), expected.sha256(), actual.sha256(), outcome);
  }
}
