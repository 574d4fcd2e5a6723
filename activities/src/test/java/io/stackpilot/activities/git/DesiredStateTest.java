package io.stackpilot.activities.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.workflows.activities.DesiredState;
import static io.stackpilot.testing.Failures.applicationFailure;

import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desired state comes from a real git repository, at the commit a branch, tag or id names. */
class DesiredStateTest {

  @TempDir
  Path temp;

  private CustomerRepo repo;
  private RepoCache cache;
  private DesiredStateActivitiesImpl activities;

  @BeforeEach
  void setUp() throws Exception {
    repo = new CustomerRepo(Files.createDirectory(temp.resolve("acme")));
    cache = new RepoCache(temp.resolve("cache"), GitCredentials.none());
    activities = new DesiredStateActivitiesImpl(cache,
        new DirectoryReleaseStore(Path.of("..", "config-samples", "releases")), SignaturePolicy.none());
  }

  @Test
  void branchTagAndCommitIdResolveToTheSameValidatedState() throws Exception {
    RevCommit commit = repo.commitSampleStack("1.0.0");
    repo.git.tag().setName("deployed-2026-11").setAnnotated(true).setMessage("deployed").setSigned(false).call();

    for (String ref : new String[] {"main", "deployed-2026-11", commit.name(), commit.name().substring(0, 8)}) {
      DesiredState state = activities.fetchDesiredState(repo.url(), ref);

      assertThat(state.commit()).as(ref).isEqualTo(commit.name());
      assertThat(state.repo()).isEqualTo(repo.url());
      assertThat(state.stack().customer()).isEqualTo("acme");
      assertThat(state.release().release()).isEqualTo("1.0.0");
    }
  }

  @Test
  void laterCommitsAreFetchedIntoTheSameMirror() throws Exception {
    RevCommit first = repo.commitSampleStack("1.0.0");
    assertThat(activities.fetchDesiredState(repo.url(), "main").commit()).isEqualTo(first.name());

    RevCommit second = repo.commitSampleStack("1.1.0");
    DesiredState updated = activities.fetchDesiredState(repo.url(), "main");

    assertThat(updated.commit()).isEqualTo(second.name());
    assertThat(updated.stack().release()).isEqualTo("1.1.0");
    try (Stream<Path> mirrors = Files.list(temp.resolve("cache"))) {
      assertThat(mirrors).as("fetched into the existing mirror, not cloned again").hasSize(1);
    }
    assertThat(activities.fetchDesiredState(repo.url(), first.name()).stack().release()).isEqualTo("1.0.0");
  }

  /**
   * Only a trailer in the message's last paragraph, as git reads trailers, marks a commit urgent; the words in the
   * subject or the body do not, nor does another value.
   */
  @Test
  void anUrgentTrailerMarksTheCommitAndNothingElseDoes() throws Exception {
    String stack = Files.readString(CustomerRepo.SAMPLE)
        + "maintenance: { windows: [\"Sun 01:00-05:00\"], timezone: Europe/Berlin }\nlabels: { region: eu, tier: gold }\n";
    repo.commit("stack.yaml", stack.replace("release: 1.0.0", "release: 1.1.0"),
        "acme on 1.1.0: security fix\n\nCVE-2026-1234 in the web service.\n\nUrgent: true\nSigned-off-by: Ops <ops@example.invalid>\n");
    DesiredState urgent = activities.fetchDesiredState(repo.url(), "main");

    assertThat(urgent.urgent()).isTrue();
    assertThat(urgent.stack().labels()).containsExactly(java.util.Map.entry("region", "eu"), java.util.Map.entry("tier", "gold"));
    assertThat(urgent.stack().maintenance().windows()).containsExactly("Sun 01:00-05:00");
    assertThat(urgent.stack().maintenance().timezone()).isEqualTo("Europe/Berlin");

    repo.commit("stack.yaml", stack, "Urgent: true\n\nnot a trailer: the subject line\n");
    assertThat(activities.fetchDesiredState(repo.url(), "main").urgent()).isFalse();
    repo.commit("stack.yaml", stack.replace("LOG_LEVEL: info", "LOG_LEVEL: debug"), "debug logs\n\nUrgent: maybe\n");
    assertThat(activities.fetchDesiredState(repo.url(), "main").urgent()).isFalse();
  }

  @Test
  void repoUrlWithCredentialsIsRefusedBeforeAnythingIsFetched() {
    ApplicationFailure failure = applicationFailure(() ->
        activities.fetchDesiredState("https://ci-bot:ghp_s3cret@git.example.com/acme.git", "main"));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.getOriginalMessage()).startsWith("repo URL https://****@git.example.com/acme.git carries credentials")
        .doesNotContain("ghp_s3cret");
    assertThat(temp.resolve("cache")).doesNotExist();
  }

  @Test
  void unknownRefIsAConfigurationErrorNamingBranchesAndTags() throws Exception {
    repo.commitSampleStack("1.0.0");
    repo.git.tag().setName("v1").setSigned(false).setAnnotated(false).call();

    ApplicationFailure failure = applicationFailure(() -> activities.fetchDesiredState(repo.url(), "release-candidate"));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).isEqualTo("ref 'release-candidate' is not a branch, tag or commit of "
        + repo.url() + " (branches: main; tags: v1)");
  }

  @Test
  void commitWithoutStackYamlIsAConfigurationError() throws Exception {
    RevCommit commit = repo.commit("README.md", "# acme\n", "readme only");

    ApplicationFailure failure = applicationFailure(() -> activities.fetchDesiredState(repo.url(), "main"));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.getOriginalMessage()).isEqualTo("no stack.yaml at the root of " + repo.url() + " at "
        + commit.name().substring(0, 12) + " (main)");
  }

  @Test
  void invalidStackReportsEveryProblemAtItsCommit() throws Exception {
    RevCommit commit = repo.commit("stack.yaml", Files.readString(CustomerRepo.SAMPLE)
        .replace("sizing: small", "sizing: huge").replace("services: [db, web, task-runner]", "services: [db, fax]"),
        "broken");

    ApplicationFailure failure = applicationFailure(() -> activities.fetchDesiredState(repo.url(), "main"));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.getOriginalMessage()).isEqualTo(repo.url() + " at " + commit.name().substring(0, 12) + " (main):\n"
        + "stack.yaml: sizing: 'huge' is not one of small, medium, large\n"
        + "stack.yaml: services[1]: unknown service 'fax' (release 1.0.0 offers db, web, task-runner, reports)\n"
        + "stack.yaml: env.web: service 'web' is not enabled (enabled: db, fax)");
  }

  @Test
  void pathThatIsNoRepositoryIsAConfigurationError() {
    String missing = temp.resolve("nowhere.git").toUri().toString();

    ApplicationFailure failure = applicationFailure(() -> activities.fetchDesiredState(missing, "main"));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.getOriginalMessage()).startsWith("'" + missing + "' is not a git repository");
  }

  @Test
  void unreachableServerIsRetried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/acme.git";

    assertThatThrownBy(() -> activities.fetchDesiredState(url, "main"))
        .isNotInstanceOf(ApplicationFailure.class)
        .hasMessageStartingWith("fetching " + url + " failed");
  }
}
