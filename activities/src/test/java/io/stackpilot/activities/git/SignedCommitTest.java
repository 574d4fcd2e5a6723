package io.stackpilot.activities.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.activities.store.DirectoryReleaseStore;
import static io.stackpilot.testing.Failures.applicationFailure;

import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repo under a signature policy deploys only commits signed by a trusted key; others are refused by name. */
class SignedCommitTest {

  @TempDir
  Path temp;

  private Gpg gpg;
  private CustomerRepo repo;
  private String trustedKey;
  private String otherKey;

  @BeforeEach
  void keys() throws Exception {
    gpg = new Gpg(Path.of("/tmp", "gpg-" + Long.toHexString(System.nanoTime())));
    trustedKey = gpg.createKey("Release Bot <bot@example.invalid>");
    otherKey = gpg.createKey("Someone Else <else@example.invalid>");
    repo = new CustomerRepo(Files.createDirectory(temp.resolve("acme")));
    Files.writeString(repo.dir.resolve("stack.yaml"), Files.readString(CustomerRepo.SAMPLE));
    repo.git.add().addFilepattern("stack.yaml").call();
  }

  @AfterEach
  void stopAgent() throws Exception {
    gpg.close();
  }

  private DesiredStateActivitiesImpl activities() throws Exception {
    SignaturePolicy policy = new SignaturePolicy(List.of(
        new SignaturePolicy.Rule(repo.url(), List.of(gpg.exportPublic(trustedKey)))));
    return new DesiredStateActivitiesImpl(new RepoCache(temp.resolve("cache"), GitCredentials.none()),
        new DirectoryReleaseStore(Path.of("..", "config-samples", "releases")), policy);
  }

  @Test
  void commitSignedByATrustedKeyIsDeployed() throws Exception {
    gpg.signedCommit(repo.dir, trustedKey, "acme on 1.0.0");

    assertThat(activities().fetchDesiredState(repo.url(), "main").stack().customer()).isEqualTo("acme");
  }

  @Test
  void commitSignedByAnotherKeyIsRefusedNamingTheSigner() throws Exception {
    gpg.signedCommit(repo.dir, otherKey, "acme on 1.0.0");
    String commit = repo.git.getRepository().resolve("main").name().substring(0, 12);

    DesiredStateActivitiesImpl activities = activities();
    ApplicationFailure failure = applicationFailure(() -> call(activities));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.getOriginalMessage())
        .startsWith("commit " + commit + " of " + repo.url() + " is signed by key " + otherKey.substring(24))
        .contains(", which is not trusted (trusted: " + trustedKey + " (Release Bot <bot@example.invalid>))");
  }

  @Test
  void unsignedCommitIsRefused() throws Exception {
    repo.commit("stack.yaml", Files.readString(CustomerRepo.SAMPLE), "unsigned");

    DesiredStateActivitiesImpl activities = activities();
    ApplicationFailure failure = applicationFailure(() -> call(activities));

    assertThat(failure.getOriginalMessage()).contains(" is not signed; this repo may only deploy commits signed by "
        + trustedKey + " (Release Bot <bot@example.invalid>)");
  }

  @Test
  void aRuleCoversTheRepoWhateverSpellingItsUrlIsFetchedBy() throws Exception {
    repo.commit("stack.yaml", Files.readString(CustomerRepo.SAMPLE), "unsigned");
    String parent = temp.toUri().toString();
    SignaturePolicy policy = new SignaturePolicy(List.of(new SignaturePolicy.Rule("FILE://" + parent.substring(7),
        List.of(gpg.exportPublic(trustedKey)))));
    DesiredStateActivitiesImpl activities = new DesiredStateActivitiesImpl(new RepoCache(temp.resolve("cache"),
        GitCredentials.none()), new DirectoryReleaseStore(Path.of("..", "config-samples", "releases")), policy);
    String respelt = parent + "./acme";

    ApplicationFailure failure = applicationFailure(() -> activities.fetchDesiredState(respelt, "main"));

    assertThat(failure.getOriginalMessage()).contains(" is not signed; this repo may only deploy commits signed by");
  }

  @Test
  void commitAlteredAfterSigningIsRefused() throws Exception {
    gpg.signedCommit(repo.dir, trustedKey, "acme on 1.0.0");
    ObjectId forged = forgeMessage(repo.dir, "acme on 1.1.0");
    gpg.run("git", "-C", repo.dir.toString(), "update-ref", "refs/heads/main", forged.name());

    DesiredStateActivitiesImpl activities = activities();
    ApplicationFailure failure = applicationFailure(() -> call(activities));

    assertThat(failure.getOriginalMessage()).contains("does not match the commit: it was altered after signing");
  }

  private void call(DesiredStateActivitiesImpl activities) {
    activities.fetchDesiredState(repo.url(), "main");
  }

  /** The signed commit with another message but the original signature, written as a new object. */
  private ObjectId forgeMessage(Path dir, String message) throws Exception {
    String raw = gpg.run("git", "-C", dir.toString(), "cat-file", "commit", "HEAD");
    String forged = raw.substring(0, raw.lastIndexOf("\n\n") + 2) + message + "\n";
    Path file = temp.resolve("forged-commit");
    Files.writeString(file, forged);
    return ObjectId.fromString(gpg.run("git", "-C", dir.toString(), "hash-object", "-t", "commit", "-w", file.toString()).trim());
  }
}
