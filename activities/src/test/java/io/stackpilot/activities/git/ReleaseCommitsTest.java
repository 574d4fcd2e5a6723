package io.stackpilot.activities.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollout's commits in real customer repos: a bare remote, the customer's clone, the worker's mirror. */
class ReleaseCommitsTest {

  private static final PersonIdent STACKPILOT = new PersonIdent("Stackpilot", "stackpilot@ops.example.invalid");
  private static final StackSelector ON_1_0_IN_EU = StackSelector.parse("release=1.0.*,region=eu");

  @TempDir
  Path temp;

  private Path remote;
  private Git customer;
  private RepoCache cache;
  private String stackYaml;

  @BeforeEach
  void setUp() throws Exception {
    remote = temp.resolve("acme.git");
    Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
    customer = Git.init().setDirectory(temp.resolve("work").toFile()).setInitialBranch("main").call();
    customer.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(remote.toUri().toString())).call();
    var config = customer.getRepository().getConfig();
    config.setString("branch", "main", "remote", "origin");
    config.setString("branch", "main", "merge", "refs/heads/main");
    config.save();
    stackYaml = "# acme's stack: the call center\n" + Files.readString(CustomerRepo.SAMPLE)
        .replace("release: 1.0.0", "release: \"1.0.0\"   # the vendor's release") + "labels: { region: eu }\n";
    customerCommit("stack.yaml", stackYaml, "acme on 1.0.0");
    cache = new RepoCache(temp.resolve("cache"), GitCredentials.none());
  }

  @AfterEach
  void close() {
    customer.close();
  }

  private String url() {
    return remote.toUri().toString();
  }

  private RevCommit customerCommit(String file, String content, String message) throws Exception {
    if (!Git.lsRemoteRepository().setRemote(url()).setHeads(true).call().isEmpty()) {
      customer.pull().call();
    }
    Files.writeString(temp.resolve("work").resolve(file), content);
    customer.add().addFilepattern(file).call();
    PersonIdent operator = new PersonIdent("Operator", "ops@example.invalid");
    RevCommit commit = customer.commit().setMessage(message).setAuthor(operator).setCommitter(operator).setSign(false)
        .call();
    customer.push().setRemote("origin").setRefSpecs(new org.eclipse.jgit.transport.RefSpec("main:main")).call();
    return commit;
  }

  private ReleaseCommits commits(Runnable beforePush, String... protectedBranches) {
    return new ReleaseCommits(cache, new DirectoryReleaseStore(Path.of("..", "config-samples", "releases")),
        io.stackpilot.model.StackRules.DEFAULT, List.of(protectedBranches), STACKPILOT, beforePush);
  }

  private List<RevCommit> history() throws Exception {
    try (Git bare = Git.open(remote.toFile())) {
      List<RevCommit> commits = new ArrayList<>();
      bare.log().call().forEach(commits::add);
      return commits;
    }
  }

  private String remoteStackYaml() throws Exception {
    customer.pull().call();
    return Files.readString(temp.resolve("work/stack.yaml"));
  }

  @Test
  void aRolloutCommitChangesOnlyTheReleaseAndNamesTheRolloutAndARetryWritesNothing() throws Exception {
    ReleaseCommits commits = commits(() -> { });

    ReleaseCommits.Written written = commits.write(url(), "main", "1.1.0", "r-20261204-0a1b", ON_1_0_IN_EU,
        "Roll out release 1.1.0 to acme (rollout r-20261204-0a1b, wave 1 of 3)");
    ReleaseCommits.Written again = commits.write(url(), "main", "1.1.0", "r-20261204-0a1b", ON_1_0_IN_EU, "again");

    assertThat(written.outcome()).isEqualTo("written");
    assertThat(remoteStackYaml()).as("comments, quotes and order stay").isEqualTo(stackYaml.replace("\"1.0.0\"", "\"1.1.0\""));
    RevCommit head = history().get(0);
    assertThat(head.name()).isEqualTo(written.commit());
    assertThat(head.getFullMessage()).isEqualTo("Roll out release 1.1.0 to acme (rollout r-20261204-0a1b, wave 1 of 3)"
        + "\n\nStackpilot-Rollout: r-20261204-0a1b\n");
    assertThat(head.getAuthorIdent().getEmailAddress()).isEqualTo("stackpilot@ops.example.invalid");
    assertThat(again).isEqualTo(new ReleaseCommits.Written(written.commit(), "already written"));
    assertThat(history()).as("one commit, not two").hasSize(2);
  }

  @Test
  void aCustomerCommitThatWinsTheRaceIsKeptAndTheRolloutCommitGoesOnTopOfIt() throws Exception {
    AtomicInteger pushes = new AtomicInteger();
    ReleaseCommits commits = commits(() -> {
      if (pushes.getAndIncrement() == 0) {
        try {
          customerCommit("README.md", "acme's stack, looked after by the ops team\n", "readme");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });

    ReleaseCommits.Written written = commits.write(url(), "main", "1.1.0", "r-1", ON_1_0_IN_EU, "Roll out 1.1.0");

    assertThat(pushes).as("the first push lost the race").hasValue(2);
    List<RevCommit> history = history();
    assertThat(history).extracting(RevCommit::getShortMessage).containsExactly("Roll out 1.1.0", "readme", "acme on 1.0.0");
    assertThat(history.get(0).name()).isEqualTo(written.commit());
    assertThat(Files.readString(temp.resolve("work/README.md"))).contains("ops team");
    assertThat(remoteStackYaml()).contains("release: \"1.1.0\"");
  }

  @Test
  void aStackThatLeftTheSelectionAProtectedBranchAndABrokenResultAreRefusedWithNothingWritten() throws Exception {
    customerCommit("stack.yaml", stackYaml.replace("region: eu", "region: us"), "acme moved to the US region");
    ReleaseCommits commits = commits(() -> { }, "production", "release/*");

    assertThatThrownBy(() -> commits.write(url(), "main", "1.1.0", "r-2", ON_1_0_IN_EU, "Roll out 1.1.0"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("(acme on 1.0.0) is no longer selected by release=1.0.*,region=eu: nothing written");
    assertThatThrownBy(() -> commits.write(url(), "release/2026", "1.1.0", "r-2", StackSelector.parse("release=*"), "x"))
        .hasMessage("branch release/2026 of " + url() + " is protected by the worker's rule 'release/*': a rollout does "
            + "not push to it");
    assertThatThrownBy(() -> commits.write(url(), "main", "9.9.9", "r-2", StackSelector.parse("release=*"), "x"))
        .as("a release the store does not have: the loop could not read the commit").hasMessageContaining("'9.9.9' does not exist");
    assertThat(history()).hasSize(2);
  }

  @Test
  void anAbortRevertsTheRolloutsCommitOnlyWhereNobodyChangedTheReleaseSince() throws Exception {
    ReleaseCommits commits = commits(() -> { });
    commits.write(url(), "main", "1.1.0", "r-3", ON_1_0_IN_EU, "Roll out 1.1.0");

    ReleaseCommits.Written reverted = commits.revert(url(), "main", "r-3", "1.1.0", "1.0.0", "Abort rollout r-3");
    ReleaseCommits.Written twice = commits.revert(url(), "main", "r-3", "1.1.0", "1.0.0", "Abort rollout r-3");

    assertThat(reverted.outcome()).isEqualTo("reverted");
    assertThat(remoteStackYaml()).isEqualTo(stackYaml);
    assertThat(history().get(0).getFullMessage()).endsWith("\n\nStackpilot-Rollout-Revert: r-3\n");
    assertThat(twice.outcome()).isEqualTo("already reverted");
    assertThat(commits.revert(url(), "main", "r-9", "1.1.0", "1.0.0", "x").outcome())
        .isEqualTo("nothing to revert: no commit of r-9");

    commits.write(url(), "main", "1.1.0", "r-4", ON_1_0_IN_EU, "Roll out 1.1.0 again");
    customerCommit("stack.yaml", remoteStackYaml().replace("\"1.1.0\"", "\"1.0.0\""), "back to 1.0.0 by hand");
    assertThat(commits.revert(url(), "main", "r-4", "1.1.0", "1.0.0", "Abort rollout r-4").outcome())
        .isEqualTo("left alone: stack.yaml says 1.0.0 now");
  }

  /**
   * A worker configured to sign: its commits verify with git and gpg themselves, and a repo that deploys only commits
   * signed by trusted keys takes them once the worker's key is trusted there, and refuses the same change unsigned.
   */
  @Test
  void aSigningWorkersCommitsVerifyWithGitAndPassTheRepoSignedCommitRule() throws Exception {
    try (Gpg gpg = new Gpg(Path.of("/tmp", "gpg-" + Long.toHexString(System.nanoTime())))) {
      String key = gpg.createKey("Stackpilot Rollouts <rollouts@ops.example.invalid>");
      CommitSigner signer = CommitSigner.of(gpg.exportSecret(key), null);

      ReleaseCommits.Written written = commits(() -> { }).signedBy(signer).write(url(), "main", "1.1.0", "r-signed",
          ON_1_0_IN_EU, "Roll out release 1.1.0 to acme (rollout r-signed, wave 1 of 1)");

      assertThat(signer.fingerprint()).isEqualTo(key);
      assertThat(gpg.run("git", "-C", remote.toString(), "verify-commit", "--raw", written.commit()))
          .as("git verify-commit with gpg").contains("GOODSIG", "VALIDSIG " + key);
      SignaturePolicy trusted = new SignaturePolicy(List.of(new SignaturePolicy.Rule(url(),
          List.of(gpg.exportPublic(key)))));
      DesiredStateActivitiesImpl loop = new DesiredStateActivitiesImpl(new RepoCache(temp.resolve("loop-cache"),
          GitCredentials.none()), new DirectoryReleaseStore(Path.of("..", "config-samples", "releases")), trusted);
      assertThat(loop.fetchDesiredState(url(), "main").commit()).isEqualTo(written.commit());

      ReleaseCommits.Written reverted = commits(() -> { }).signedBy(signer).revert(url(), "main", "r-signed", "1.1.0",
          "1.0.0", "Abort rollout r-signed");
      assertThat(gpg.run("git", "-C", remote.toString(), "verify-commit", "--raw", reverted.commit()))
          .contains("VALIDSIG " + key);
      commits(() -> { }).write(url(), "main", "1.1.0", "r-unsigned", ON_1_0_IN_EU, "unsigned");
      assertThatThrownBy(() -> loop.fetchDesiredState(url(), "main")).hasMessageContaining("is not signed");
    }
  }

  @Test
  void aSigningKeyThatCannotSignIsRefusedSayingWhy() throws Exception {
    try (Gpg gpg = new Gpg(Path.of("/tmp", "gpg-" + Long.toHexString(System.nanoTime())))) {
      String key = gpg.createKey("Stackpilot Rollouts <rollouts@ops.example.invalid>");

      assertThatThrownBy(() -> CommitSigner.of(gpg.exportPublic(key), null))
          .as("the public key where the secret one belongs")
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessage("is not an armored OpenPGP secret key (gpg --armor --export-secret-keys)");
      assertThatThrownBy(() -> CommitSigner.of("-----BEGIN PGP PRIVATE KEY BLOCK-----\nnot a key\n", null))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessage("is not an armored OpenPGP secret key (gpg --armor --export-secret-keys)");
    }
  }
}
