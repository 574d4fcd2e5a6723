package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup store contract on a directory standing in for a mounted SMB/NFS share. */
class FileShareBackupStoreIT extends BackupStoreContract {

  @TempDir
  Path share;

  @Override
  BackupStore store() {
    return new FileShareBackupStore(share);
  }

  @Override
  ReleaseStore releases() {
    return new DirectoryReleaseStore(TestEnvironment.releasesDir());
  }

  @Test
  void writtenFilesAreReadOnlyAndNoTemporaryFileRemains() throws Exception {
    store().writePart(customer, "20261125T020000Z-f", "db.sql.zst", text("dump"));

    Path dir = share.resolve(customer).resolve("20261125T020000Z-f");
    assertThat(Files.isWritable(dir.resolve("db.sql.zst")) && !isRoot()).isFalse();
    assertThat(dir.resolve("db.sql.zst").toFile().canWrite() && !isRoot()).isFalse();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("db.sql.zst");
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve("db.sql.zst")).toString()).doesNotContain("WRITE");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
