package io.stackpilot.activities.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror of a customer repo after a worker was killed in the middle of a fetch: the lock it held on a ref stays
 * behind, and JGit then keeps the old commit without a word. The fault suite met it (a control worker killed during
 * "resolve desired state": the retried fetch deployed the commit before the one the operator had pushed).
 */
class RepoCacheTest {

  @TempDir
  Path temp;

  private Path lockOf(RepoCache cache, String url) throws Exception {
    Path lock = cache.mirror(url).resolve("refs/remotes/origin/main.lock");
    Files.createDirectories(lock.getParent());
    return Files.writeString(lock, "");
  }

  @Test
  void aLockAKilledFetchLeftBehindIsRemovedAndTheNewCommitFetched() throws Exception {
    try (CustomerRepo repo = new CustomerRepo(temp.resolve("acme"))) {
      RepoCache cache = new RepoCache(temp.resolve("cache"), GitCredentials.none());
      repo.commitSampleStack("1.0.0");
      cache.fetchAndResolve(repo.url(), "main");
      String pushed = repo.commitSampleStack("1.1.0").name();
      Path lock = lockOf(cache, repo.url());
      Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(RepoCache.STALE_LOCK).minusSeconds(1)));

      assertThat(cache.fetchAndResolve(repo.url(), "main")).isEqualTo(pushed);
      assertThat(lock).doesNotExist();
    }
  }

  @Test
  void aRefTheFetchCannotUpdateFailsTheFetchInsteadOfServingTheOldCommit() throws Exception {
    try (CustomerRepo repo = new CustomerRepo(temp.resolve("acme"))) {
      RepoCache cache = new RepoCache(temp.resolve("cache"), GitCredentials.none());
      String old = repo.commitSampleStack("1.0.0").name();
      cache.fetchAndResolve(repo.url(), "main");
      repo.commitSampleStack("1.1.0");
      Path lock = lockOf(cache, repo.url());

      assertThatThrownBy(() -> cache.fetchAndResolve(repo.url(), "main")).as("a fresh lock may be someone's")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("fetching " + repo.url() + " could not update refs/remotes/origin/main (LOCK_FAILURE)");
      assertThat(lock).exists();
      assertThat(old).isNotEqualTo(repo.git.getRepository().resolve("main").name());
    }
  }
}
