package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.database.sql.TableFingerprints;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part's table fingerprints are read while it is verified, its text lexed while another thread reads and
 * decompresses it; a part whose text cannot be read still verifies by its digest, with no fingerprints.
 */
class DumpFingerprintingTest {

  private static final String DUMP = "CREATE TABLE `a` (`id` int);\nINSERT INTO `a` VALUES\n(1),\n(2);\n"
      + "CREATE TABLE `b` (`s` varchar(10));\nINSERT INTO `b` VALUES\n('x'),\n('y\\'s');\n";

  @TempDir
  Path dir;

  private BackupManifest stored(BackupStore store, String id, byte[] part) {
    BackupManifest.Part written = store.writePart("acme", id, "db.sql.zst", new ByteArrayInputStream(part));
    return new BackupManifest(BackupManifest.FORMAT, id, "backup", "acme", "1.0.0", "1", "c0ffee1", "acme-prod-1",
        "2026-11-25T02:00:00Z", List.of(written), null);
  }

  /** {@code frames} zstd frames one after another, as the parallel dump writes a part. */
  private static byte[] compressed(String text, int frames) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int step = (text.length() + frames - 1) / frames;
    for (int from = 0; from < text.length(); from += step) {
      try (ZstdOutputStream frame = new ZstdOutputStream(new java.io.FilterOutputStream(out) {
        @Override
        public void close() {
          // one frame ends; the part goes on
        }
      }, 3)) {
        frame.write(text.substring(from, Math.min(text.length(), from + step)).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  @Test
  void fingerprintsAreReadWhileThePartIsVerifiedAcrossItsFrames() throws Exception {
    BackupStore store = new FileShareBackupStore(dir);
    StringBuilder text = new StringBuilder(DUMP);
    for (int i = 0; i < 20000; i++) {
      text.append("INSERT INTO `a` VALUES\n(").append(i).append(");\n");
    }
    BackupManifest manifest = stored(store, "20261125T020000Z-frames", compressed(text.toString(), 7));
    DumpFingerprinting dump = new DumpFingerprinting();

    BackupVerifier.verifyPart(store, manifest, manifest.parts().get(0), progress -> { }, dump::read);

    assertThat(dump.tables()).isEqualTo(TableFingerprints.of(new ByteArrayInputStream(
        text.toString().getBytes(StandardCharsets.UTF_8)), ""));
    assertThat(dump.tables().get("a").rows()).isEqualTo(20002);
  }

  @Test
  void aPartThatIsNotADumpVerifiesByItsDigestWithoutFingerprints() throws Exception {
    BackupStore store = new FileShareBackupStore(dir);
    byte[] noise = new byte[3 << 20];
    new Random(7).nextBytes(noise);
    byte[] part = compressed(DUMP, 1);
    byte[] broken = new byte[part.length + noise.length];
    System.arraycopy(part, 0, broken, 0, part.length);
    System.arraycopy(noise, 0, broken, part.length, noise.length);
    BackupManifest manifest = stored(store, "20261125T020000Z-noise", broken);
    DumpFingerprinting dump = new DumpFingerprinting();

    BackupVerifier.verifyPart(store, manifest, manifest.parts().get(0), progress -> { }, dump::read);

    assertThat(dump.tables()).as("the digest of every byte matched: verifyPart did not throw").isNull();
  }
}
