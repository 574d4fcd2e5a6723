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

  /** Two writers race for one name, on a share with hard links and on one without: exactly one wins. */
  @Test
  void racingWritersOfOneNameLeaveExactlyOneWinnerWithOrWithoutHardLinks() throws Exception {
    for (boolean hardLinks : new boolean[] {true, false}) {
      FileShareBackupStore store = new FileShareBackupStore(share, hardLinks);
      String id = "20261125T020000Z-race" + (hardLinks ? "1" : "2");
      java.util.List<java.util.concurrent.Callable<String>> writers = java.util.List.of(
          () -> store.writePart(customer, id, "db.sql.zst", text("first writer")).sha256(),
          () -> store.writePart(customer, id, "db.sql.zst", text("second writer")).sha256());
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      java.util.List<String> won = new java.util.ArrayList<>();
      java.util.List<Throwable> refused = new java.util.ArrayList<>();
      try {
        for (var result : pool.invokeAll(writers)) {
          try {
            won.add(result.get());
          } catch (java.util.concurrent.ExecutionException e) {
            refused.add(e.getCause());
          }
        }
      } finally {
        pool.shutdown();
      }

      assertThat(won).as("hard links: " + hardLinks).hasSize(1);
      assertThat(refused).singleElement().isInstanceOf(AlreadyExistsException.class);
      assertThat(store.openPart(customer, id, "db.sql.zst").readAllBytes()).asString()
          .isIn("first writer", "second writer");
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
