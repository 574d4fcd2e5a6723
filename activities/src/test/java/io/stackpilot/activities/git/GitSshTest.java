package io.stackpilot.activities.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Customer repos over SSH: the worker's private key, and only hosts its known_hosts file lists. */
class GitSshTest {

  @TempDir
  Path temp;

  private GitSshServer server;
  private Path key;
  private RevCommit commit;

  @BeforeEach
  void serveRepo() throws Exception {
    key = temp.resolve("id_ecdsa");
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "stackpilot-worker",
        "-f", key.toString()).redirectErrorStream(true).start();
    assertThat(keygen.waitFor()).as(new String(keygen.getInputStream().readAllBytes())).isZero();
    PublicKey authorized = AuthorizedKeyEntry.readAuthorizedKeys(Path.of(key + ".pub")).get(0).resolvePublicKey(null, null, null);

    Path srv = Files.createDirectory(temp.resolve("srv"));
    try (CustomerRepo repo = new CustomerRepo(Files.createDirectory(temp.resolve("work")))) {
      commit = repo.commitSampleStack("1.0.0");
    }
    Git.cloneRepository().setURI(temp.resolve("work").toUri().toString()).setBare(true)
        .setDirectory(srv.resolve("acme.git").toFile()).call().close();
    server = new GitSshServer(srv, temp.resolve("host-key"), authorized);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private DesiredStateActivitiesImpl activities(Path knownHosts) {
    GitCredentials credentials = new GitCredentials(List.of(),
        List.of(new GitCredentials.SshKey("ssh://git@127.0.0.1", key, knownHosts)));
    return new DesiredStateActivitiesImpl(new RepoCache(temp.resolve("cache"), credentials),
        new DirectoryReleaseStore(Path.of("..", "config-samples", "releases")), SignaturePolicy.none());
  }

  @Test
  void knownHostIsFetchedWithThePrivateKey() throws Exception {
    Path knownHosts = Files.writeString(temp.resolve("known_hosts"), server.knownHostsLine() + "\n");

    var state = activities(knownHosts).fetchDesiredState(server.url("acme.git"), "main");

    assertThat(state.commit()).isEqualTo(commit.name());
    assertThat(state.stack().customer()).isEqualTo("acme");
  }

  @Test
  void unknownHostIsRefused() throws Exception {
    Path knownHosts = Files.writeString(temp.resolve("known_hosts"), "");
    String url = server.url("acme.git");

    assertThatThrownBy(() -> activities(knownHosts).fetchDesiredState(url, "main"))
        .isNotInstanceOf(ApplicationFailure.class)
        .hasMessageStartingWith("fetching " + url + " failed")
        .hasMessageEndingWith("Server key did not validate");
  }
}
