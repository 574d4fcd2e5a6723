package io.stackpilot.activities.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Customer repos behind HTTP authentication are fetched with the worker's credentials for their URL. */
class GitCredentialsTest {

  @TempDir
  Path temp;

  private DesiredStateActivitiesImpl activities(GitCredentials credentials) {
    return new DesiredStateActivitiesImpl(new RepoCache(temp.resolve("cache"), credentials),
        new DirectoryReleaseStore(Path.of("..", "config-samples", "releases")), SignaturePolicy.none());
  }

  private RevCommit publishedRepo(Path projectRoot) throws Exception {
    RevCommit commit;
    try (CustomerRepo repo = new CustomerRepo(Files.createDirectory(temp.resolve("work")))) {
      commit = repo.commitSampleStack("1.1.0");
    }
    Git.cloneRepository().setURI(temp.resolve("work").toUri().toString()).setBare(true)
        .setDirectory(projectRoot.resolve("acme.git").toFile()).call().close();
    return commit;
  }

  @Test
  void basicAuthenticationWithTheConfiguredTokenFetches() throws Exception {
    Path projectRoot = Files.createDirectory(temp.resolve("srv"));
    RevCommit commit = publishedRepo(projectRoot);
    try (GitHttpServer server = new GitHttpServer(projectRoot, "ci-bot", "t0ken-s3cret")) {
      String url = server.url("acme.git");
      GitCredentials credentials = new GitCredentials(List.of(
          new GitCredentials.Entry("http://127.0.0.1", "someone-else", "wrong"),
          new GitCredentials.Entry(url.substring(0, url.indexOf("/git/") + 5), "ci-bot", "t0ken-s3cret")));

      var state = activities(credentials).fetchDesiredState(url, "main");

      assertThat(state.commit()).isEqualTo(commit.name());
      assertThat(state.stack().release()).isEqualTo("1.1.0");
    }
  }

  @Test
  void missingOrWrongCredentialsFailWithoutLeakingThem() throws Exception {
    Path projectRoot = Files.createDirectory(temp.resolve("srv"));
    publishedRepo(projectRoot);
    try (GitHttpServer server = new GitHttpServer(projectRoot, "ci-bot", "t0ken-s3cret")) {
      String url = server.url("acme.git");

      assertThatThrownBy(() -> activities(GitCredentials.none()).fetchDesiredState(url, "main"))
          .isNotInstanceOf(ApplicationFailure.class)
          .hasMessageStartingWith("fetching " + url + " failed")
          .hasMessageEndingWith("(configure git credentials for this URL in the worker configuration, then retry)");
      assertThatThrownBy(() -> activities(new GitCredentials(List.of(new GitCredentials.Entry(url, "ci-bot", "guess"))))
          .fetchDesiredState(url, "main"))
          .hasMessageContaining("not authorized").hasMessageNotContaining("guess")
          .hasMessageEndingWith("(configure git credentials for this URL in the worker configuration, then retry)");
    }
  }
}
