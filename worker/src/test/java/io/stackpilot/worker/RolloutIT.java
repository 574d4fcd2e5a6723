package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.config.WorkerConfig;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release brought to a fleet on real parts: three stacks, each with its own repo and loop on one Docker Engine, two
 * of them selected by label; the rollout writes its commit into each selected repo, wave by wave, and the loops apply
 * them, one only once its maintenance window opens; the third stack's repo is never written to.
 */
class RolloutIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient docker = TestEnvironment.docker();

  @TempDir
  Path temp;

  private final List<TestStack> stacks = new ArrayList<>();
  private StackpilotWorker worker;
  private int temporalPort;

  @AfterEach
  void down() {
    if (worker != null) {
      worker.close();
    }
    stacks.forEach(s -> s.remove(docker));
  }

  private TestStack.Cli stackctl(String... args) {
    TestStack any = stacks.get(0);
    any.temporalPort = temporalPort;
    return any.stackctl(args);
  }

  private JsonNode loop(TestStack stack, Predicate<JsonNode> condition) throws Exception {
    JsonNode last = null;
    for (int i = 0; i < 360; i++) {
      TestStack.Cli status = stackctl("reconcile", "status", stack.customer, "--output", "json");
      if (status.exitCode() == 0) {
        last = JSON.readTree(status.out());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the loop of " + stack.customer + " never got there: " + last);
  }

  private JsonNode rollout(String id, Predicate<JsonNode> condition) throws Exception {
    JsonNode last = null;
    for (int i = 0; i < 480; i++) {
      TestStack.Cli status = stackctl("rollout", "status", id, "--output", "json");
      if (status.exitCode() == 0) {
        last = JSON.readTree(status.out());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("rollout " + id + " never got there: " + last);
  }

  private static String stackState(JsonNode rollout, String customer) {
    for (JsonNode stack : rollout.get("stacks")) {
      if (stack.get("customer").asText().equals(customer)) {
        return stack.get("state").asText();
      }
    }
    return null;
  }

  private static List<RevCommit> log(TestStack stack) throws Exception {
    List<RevCommit> commits = new ArrayList<>();
    stack.git.log().call().forEach(commits::add);
    return commits;
  }

  @Test
  void aRolloutBringsTheReleaseWaveByWaveThroughEachLoopAndOnlyToTheSelectedStacks() throws Exception {
    TestStack a = new TestStack(temp.resolve("a"));
    TestStack b = new TestStack(temp.resolve("b"), a.secretsDir());
    TestStack us = new TestStack(temp.resolve("c"), a.secretsDir());
    // Waves go by customer: the first eu stack is wave 1, the second (with a closed window) wave 2.
    TestStack eu1 = a.customer.compareTo(b.customer) < 0 ? a : b;
    TestStack eu2 = eu1 == a ? b : a;
    stacks.addAll(List.of(eu1, eu2, us));
    int[] ports = {TestStack.freePort(), TestStack.freePort(), TestStack.freePort()};
    String closed = ZonedDateTime.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek()
        .getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " 03:00-03:30";
    String exclude = "  exclude: [recordings, logs]\n";
    eu1.commit("1.0.0", "it-host", ports[0], exclude, exclude + "labels: { region: eu }\n");
    eu2.commit("1.0.0", "it-host", ports[1], exclude, exclude + "labels: { region: eu }\nmaintenance: { windows: [\""
        + closed + "\"], timezone: UTC }\n");
    us.commit("1.0.0", "it-host", ports[2], exclude, exclude + "labels: { region: us }\n");
    WorkerConfig config = new WorkerConfig(new WorkerConfig.Temporal(null, "default", null, null, null),
        List.of("control", "host-agent"), "it-host", TestEnvironment.dockerHost(), temp.resolve("stacks"),
        temp.resolve("git-cache"), TestEnvironment.releasesDir().toString(), Map.of(), List.of(), List.of(), null, 0)
        .withSafeguards(eu1.safeguards())
        .withDashboard(new io.stackpilot.worker.dashboard.DashboardSettings("127.0.0.1:0", List.of(), null, true));
    temporalPort = TestStack.freePort();
    worker = new StackpilotWorker(config, temporalPort);
    worker.start();
    for (TestStack stack : stacks) {
      assertThat(stackctl("reconcile", "start", stack.customer, "--repo", stack.repoUrl(), "--poll", "PT1H").exitCode())
          .isZero();
    }
    for (TestStack stack : stacks) {
      loop(stack, s -> "1.0.0".equals(s.get("release").asText()) && s.get("running").isNull());
    }
    String usHead = log(us).get(0).name();

    TestStack.Cli dry = stackctl("rollout", "start", "1.1.0", "--select", "release=1.0.*,region=eu", "--dry-run");
    assertThat(dry.out()).contains(eu1.customer, eu2.customer).doesNotContain(us.customer);
    TestStack.Cli started = stackctl("rollout", "start", "1.1.0", "--select", "release=1.0.*,region=eu",
        "--waves", "1,100%", "--soak", "PT5S");
    assertThat(started.exitCode()).as(started.out() + started.err()).isZero();
    String id = started.out().replaceFirst("(?s)^started RolloutRelease as rollout-(\\S+):.*$", "$1");
    TestStack windowed = eu2;

    JsonNode waiting = rollout(id, r -> "waiting-for-window".equals(stackState(r, eu2.customer))
        && "healthy".equals(stackState(r, eu1.customer)));
    assertThat(waiting.get("wave").asInt()).as("wave 1 healthy and soaked; the windowed stack holds wave 2").isEqualTo(2);
    assertThat(TestStack.get(ports[0], "/version")).isEqualTo("1.1.0\n");
    assertThat(TestStack.get(ports[1], "/version")).as("its window is closed").isEqualTo("1.0.0\n");
    assertThat(log(eu1).get(0).getFullMessage()).contains("Stackpilot-Rollout: " + id);

    windowed.commit("1.1.0", "it-host", ports[1], exclude, exclude
        + "labels: { region: eu }\nmaintenance: { windows: [\"Mon-Sun 00:00-23:59\"], timezone: UTC }\n");
    stackctl("reconcile", "sync", windowed.customer);
    JsonNode done = rollout(id, r -> "completed".equals(r.get("state").asText()));

    assertThat(done.get("stacks")).hasSize(2).allSatisfy(s -> assertThat(s.get("state").asText()).isEqualTo("healthy"));
    assertThat(TestStack.get(ports[1], "/version")).isEqualTo("1.1.0\n");
    assertThat(TestStack.get(ports[2], "/version")).as("not selected").isEqualTo("1.0.0\n");
    assertThat(log(us).get(0).name()).as("a stack outside the selection: its repo is never written").isEqualTo(usHead);
    List<RevCommit> windowedLog = log(windowed);
    assertThat(windowedLog.stream().filter(c -> c.getFullMessage().contains("Stackpilot-Rollout: " + id)))
        .as("one rollout commit per repo").hasSize(1);
    assertThat(stackctl("rollout", "status", id).out()).startsWith("rollout " + id + " of 1.1.0 (release=1.0.*,region=eu): "
        + "completed, wave 2 of 2");
    assertThat(stackctl("rollout", "list").out()).contains(id);
    String page = TestStack.get(worker.dashboardPort(), "/rollouts");
    assertThat(page).contains("<h2>" + id + ": 1.1.0", "<strong>completed</strong>, wave 2 of 2",
        "<a href=\"/stacks/" + eu1.customer + "\">", "<a href=\"/stacks/" + eu2.customer + "\">")
        .doesNotContain(us.customer);
  }
}
