package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.testserver.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release brought to a fleet on real parts: seven stacks on two Docker Engines, each with its own repo, six with their
 * loops and one without (installed by hand: the rollout updates it itself), the
 * control worker in a process of its own that the test kills (SIGKILL) in the middle of a wave, Temporal's test server
 * in this JVM. One stack's data makes the release's migration fail: the rollout halts in that wave, rolls the stack
 * back with its data and leaves the later waves alone until the operator resumes; two stacks update only once their
 * maintenance window opens.
 */
@UsesSecondEngine
class RolloutIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXCLUDE = "  exclude: [recordings, logs]\n";

  private final DockerClient engineA = TestEnvironment.docker();
  private final DockerClient engineB = TestEnvironment.docker2();

  @TempDir
  Path temp;

  private final List<TestStack> stacks = new ArrayList<>();
  private TestServer.PortBoundTestServer server;
  private WorkerProcess control;
  private final List<StackpilotWorker> agents = new ArrayList<>();
  private int temporalPort;

  @AfterEach
  void down() throws Exception {
    if (control != null) {
      control.close();
    }
    agents.forEach(StackpilotWorker::close);
    if (server != null) {
      server.close();
    }
    stacks.forEach(s -> {
      s.remove(engineA);
      s.remove(engineB);
    });
  }

  private TestStack.Cli stackctl(String... args) {
    TestStack any = stacks.get(0);
    any.temporalPort = temporalPort;
    return any.stackctl(args);
  }

  private JsonNode loop(TestStack stack, Predicate<JsonNode> condition) throws Exception {
    try {
      return await("the loop of " + stack.customer, 300, () -> stackctl("reconcile", "status", stack.customer,
          "--output", "json"), condition);
    } catch (AssertionError e) {
      // What the operator would look at next: the run the loop waits on, step by step.
      TestStack.Cli run = stackctl("status", stack.customer);
      throw new AssertionError(e.getMessage() + "\nits current run:\n" + run.out() + run.err(), e);
    }
  }

  private JsonNode rollout(String id, Predicate<JsonNode> condition) throws Exception {
    return await("rollout " + id, 420, () -> stackctl("rollout", "status", id, "--output", "json"), condition);
  }

  private static JsonNode await(String what, int seconds, java.util.function.Supplier<TestStack.Cli> ask,
      Predicate<JsonNode> condition) throws Exception {
    JsonNode last = null;
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      TestStack.Cli status = ask.get();
      if (status.exitCode() == 0) {
        last = JSON.readTree(status.out());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + " never got there in " + seconds + " s: " + last);
  }

  private static String stackState(JsonNode rollout, TestStack stack) {
    for (JsonNode entry : rollout.get("stacks")) {
      if (entry.get("customer").asText().equals(stack.customer)) {
        return entry.get("state").asText();
      }
    }
    return null;
  }

  private static List<RevCommit> log(TestStack stack) throws Exception {
    List<RevCommit> commits = new ArrayList<>();
    stack.git.log().call().forEach(commits::add);
    return commits;
  }

  private static long rolloutCommits(TestStack stack, String id) throws Exception {
    return log(stack).stream().filter(c -> c.getFullMessage().contains("Stackpilot-Rollout: " + id)).count();
  }

  /** The control worker as its unit runs it; without sticky execution, which the test server never hands back. */
  private WorkerProcess startControl(TestStack any, int dashboardPort) throws Exception {
    List<String> stores = stacks.stream().map(s -> s.customer + ": [\"" + s.backupStore() + "\"]").toList();
    Path config = temp.resolve("control.yaml");
    Files.writeString(config, String.join("\n",
        "temporal: { address: \"127.0.0.1:" + temporalPort + "\", stickyQueueTimeout: PT0S }",
        "roles: [control]",
        "secrets: { dir: \"" + any.secretsDir() + "\" }",
        "gitCacheDir: " + temp.resolve("git-cache-control"),
        "releaseStore: " + TestStack.releases(),
        "backupStores: { " + String.join(", ", stores) + " }",
        "dashboard: { address: \"127.0.0.1:" + dashboardPort + "\", publicRead: true }",
        ""));
    return new WorkerProcess(config, temp, StackNames.TASK_QUEUE).start();
  }

  @Test
  void sixLoopedStacksAndOneWithoutOnTwoEnginesGetTheReleaseWaveByWaveAFailedMigrationHaltsAndRollsBackAndAKilledControlWorkerLosesNothing()
      throws Exception {
    TestStack first = new TestStack(temp.resolve("s0"));
    stacks.add(first);
    for (int i = 1; i < 7; i++) {
      stacks.add(new TestStack(temp.resolve("s" + i), first.secretsDir()));
    }
    // Waves go by customer: 1 stack, then up to half (three more), then the rest.
    stacks.sort(Comparator.comparing(s -> s.customer));
    TestStack wave1 = stacks.get(0);
    TestStack wave2 = stacks.get(1);
    TestStack failing = stacks.get(2);
    // Installed by hand, no loop runs for it: the rollout updates it itself.
    TestStack withoutLoop = stacks.get(4);
    List<TestStack> windowed = List.of(stacks.get(5), stacks.get(6));
    String[] hosts = {"it-a", "it-a", "it-b", "it-b", "it-b", "it-a", "it-b"};
    int[] ports = new int[7];
    String closed = ZonedDateTime.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek()
        .getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " 03:00-03:30";
    for (int i = 0; i < 7; i++) {
      ports[i] = FreePorts.lasting();
      String window = i >= 5 ? "maintenance: { windows: [\"" + closed + "\"], timezone: UTC }\n" : "";
      String tier = i == 1 || i == 4 ? "gold" : "silver";
      stacks.get(i).commit("1.0.0", hosts[i], ports[i], EXCLUDE, EXCLUDE + "labels: { region: eu, tier: " + tier
          + " }\n" + window);
    }
    temporalPort = FreePorts.loopback();
    server = TestServer.createPortBoundServer(temporalPort, true);
    int dashboardPort = FreePorts.loopback();
    control = startControl(first, dashboardPort);
    for (String host : List.of("it-a", "it-b")) {
      StackpilotWorker agent = new StackpilotWorker(first.worker("127.0.0.1:" + temporalPort, false, host,
          host.equals("it-a") ? TestEnvironment.dockerHost() : TestEnvironment.docker2Host()), 0);
      agent.start();
      agents.add(agent);
    }
    for (TestStack stack : stacks) {
      if (stack != withoutLoop) {
        assertThat(stackctl("reconcile", "start", stack.customer, "--repo", stack.repoUrl(), "--poll", "PT1H")
            .exitCode()).isZero();
      }
    }
    TestStack.Cli installed = stackctl("install", withoutLoop.customer, "--repo", withoutLoop.repoUrl(), "--wait");
    assertThat(installed.exitCode()).as(installed.out() + installed.err()).isZero();
    for (TestStack stack : stacks) {
      if (stack != withoutLoop) {
        loop(stack, s -> "1.0.0".equals(s.get("release").asText()) && s.get("running").isNull());
      }
    }
    // A customer who added a column of the name release 1.1.0's migration adds: V2 fails on this stack only.
    MariaDbShell failingDb = new MariaDbShell(new ContainerExec(engineB, TestEnvironment.docker2Host()),
        failing.customer + "-db-1", "wk-secret");
    failingDb.query("ALTER TABLE demo.accounts ADD COLUMN plan VARCHAR(20) NULL");
    failingDb.query("INSERT INTO demo.accounts (name, email) VALUES ('before-rollout', 'b@example.invalid')");
    List<String> heads = new ArrayList<>();
    for (TestStack stack : stacks) {
      heads.add(log(stack).get(0).name());
    }

    TestStack.Cli dry = stackctl("rollout", "start", "1.1.0", "--select", "release=1.0.*,tier=gold", "--dry-run");
    assertThat(dry.out()).as("the selection, from the loops' status and the newest operation of a stack without one")
        .contains(wave2.customer).containsPattern(withoutLoop.customer + " +1\\.0\\.0 +\\S+  \\(no loop: the rollout updates "
            + "it; its labels are checked in its repo\\)").doesNotContain(wave1.customer, failing.customer);
    TestStack.Cli started = stackctl("rollout", "start", "1.1.0", "--select", "release=1.0.*,region=eu",
        "--waves", "1,50%,100%", "--soak", "PT5S", "--max-failures", "0", "--auto-rollback");
    assertThat(started.exitCode()).as(started.out() + started.err()).isZero();
    String id = started.out().replaceFirst("(?s)^started RolloutRelease as rollout-(\\S+):.*$", "$1");

    JsonNode halted = rollout(id, r -> "halted".equals(r.get("state").asText()));
    // The other stacks of wave 2 apply what was written while the rollout waits: their state shows at the next look.
    assertThat(halted.get("wave").asInt()).as("halted in the failing stack's wave").isEqualTo(2);
    assertThat(stackState(halted, wave1)).isEqualTo("healthy");
    assertThat(stackState(halted, failing)).as(() -> "halted: " + halted.get("halted").asText() + "\nthe control worker's "
        + "log ends:\n" + control.logTail(60)).isEqualTo("rolled-back");
    assertThat(halted.get("halted").asText()).contains(failing.customer, "Duplicate column name 'plan'",
        "rolled back with its data");
    assertThat(TestStack.get(ports[0], "/version")).isEqualTo("1.1.0\n");
    assertThat(TestStack.get(ports[2], "/version")).as("rolled back").isEqualTo("1.0.0\n");
    assertThat(failingDb.query("SELECT name FROM demo.accounts ORDER BY id")).as("its data, from the safety backup")
        .containsExactly("admin", "demo", "before-rollout");
    assertThat(failingDb.query("SELECT MAX(CAST(version AS UNSIGNED)) FROM demo.flyway_schema_history"))
        .containsExactly("1");
    for (int i = 4; i < 7; i++) {
      assertThat(TestStack.get(ports[i], "/version")).as("a later wave waits for the operator").isEqualTo("1.0.0\n");
      assertThat(log(stacks.get(i)).get(0).name()).as("nothing written before its wave").isEqualTo(heads.get(i));
    }
    loop(failing, s -> "RolledBack".equals(s.get("state").asText()));

    assertThat(stackctl("rollout", "resume", id).exitCode()).isZero();
    JsonNode atKill = rollout(id, r -> r.get("wave").asInt() == 3 && !"pending".equals(stackState(r, withoutLoop)));
    assertThat(control.kill()).as("the control worker killed by SIGKILL in wave 3").isEqualTo(137);
    control.start();
    System.out.println("RolloutIT: control worker killed in wave 3 with " + atKill.get("stacks"));

    JsonNode waiting = rollout(id, r -> "healthy".equals(stackState(r, withoutLoop))
        && windowed.stream().allMatch(s -> "waiting-for-window".equals(stackState(r, s))));
    assertThat(waiting.get("state").asText()).isEqualTo("running");
    assertThat(TestStack.get(ports[4], "/version")).isEqualTo("1.1.0\n");
    for (int i = 5; i < 7; i++) {
      assertThat(TestStack.get(ports[i], "/version")).as("its window is closed").isEqualTo("1.0.0\n");
    }
    for (int i = 5; i < 7; i++) {
      stacks.get(i).commit("1.1.0", hosts[i], ports[i], EXCLUDE, EXCLUDE + "labels: { region: eu, tier: silver }\n"
          + "maintenance: { windows: [\"Mon-Sun 00:00-23:59\"], timezone: UTC }\n");
      stackctl("reconcile", "sync", stacks.get(i).customer);
    }
    JsonNode done = rollout(id, r -> "completed".equals(r.get("state").asText()));

    assertThat(done.get("stacks")).hasSize(7);
    for (int i = 0; i < 7; i++) {
      TestStack stack = stacks.get(i);
      assertThat(stackState(done, stack)).as(stack.customer).isEqualTo(stack == failing ? "rolled-back" : "healthy");
      if (stack == withoutLoop) {
        assertThat(done.get("stacks").get(4).get("note").asText()).isEqualTo("on 1.1.0, updated by the rollout");
      }
      assertThat(TestStack.get(ports[i], "/version")).isEqualTo(stack == failing ? "1.0.0\n" : "1.1.0\n");
      assertThat(rolloutCommits(stack, id)).as("one commit with the rollout's id in " + stack.customer
          + ", whatever the kill interrupted").isEqualTo(1);
    }
    assertThat(stackctl("rollout", "status", id).out()).startsWith("rollout " + id + " of 1.1.0 (release=1.0.*,region=eu): "
        + "completed, wave 3 of 3");
    assertThat(stackctl("rollout", "list").out()).contains(id);
    String page = TestStack.get(dashboardPort, "/rollouts");
    assertThat(page).contains("<h2>" + id + ": 1.1.0", "<strong>completed</strong>, wave 3 of 3",
        "<a href=\"/stacks/" + wave1.customer + "\">", "<a href=\"/stacks/" + failing.customer + "\">");
  }
}
