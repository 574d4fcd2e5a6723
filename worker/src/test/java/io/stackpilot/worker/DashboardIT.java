package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.config.WorkerConfig;
import io.stackpilot.worker.dashboard.Dashboard;
import io.stackpilot.worker.dashboard.DashboardSettings;
import io.stackpilot.worker.dashboard.Operator;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet dashboard on a running worker: its pages, its refusals, and an operator retrying a step from a real
 * browser (Debian's Chromium driven by playwright-core, dev/browser/dashboard.mjs) until the install completes.
 */
class DashboardIT {

  private static final String TOKEN = "alice-token-" + UUID.randomUUID();
  private static final Path BROWSER_TEST = Path.of("..", "dev", "browser", "dashboard.mjs");

  private final DockerClient docker = TestEnvironment.docker();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir
  Path temp;

  private TestStack stack;
  private StackpilotWorker worker;
  private String image;

  @AfterEach
  void down() {
    if (worker != null) {
      worker.close();
    }
    if (stack != null) {
      stack.remove(docker);
    }
    if (image != null) {
      docker.removeImageCmd(image).withForce(true).exec();
    }
  }

  @Test
  void anOperatorRetriesAStepThatNeedsAttentionFromTheBrowserAndWatchesItComplete() throws Exception {
    assertThat(Path.of("/usr/bin/chromium")).as("the browser test needs Debian's chromium: run dev/setup (as root) or "
        + "apt-get install -y chromium").exists();
    assertThat(BROWSER_TEST.getParent().getParent().resolve("node_modules/playwright-core")).as("the browser test needs "
        + "playwright-core from npm: dev/env up installs it (dev/package-lock.json)").exists();
    String tag = "dash-" + UUID.randomUUID().toString().substring(0, 8);
    stack = new TestStack(temp).withReleases(TestStack.releaseWithMissingWebImage(temp.resolve("releases"), tag));
    String customer = stack.customer;
    stack.commit("1.0.0", "dash-host", TestStack.freePort());
    int temporalPort = TestStack.freePort();
    worker = new StackpilotWorker(stack.worker(null, true, "dash-host", TestEnvironment.dockerHost()).withDashboard(
        new DashboardSettings("127.0.0.1:0", List.of(new Operator("alice", TOKEN)), "http://127.0.0.1:8233",
            true)),
        temporalPort);
    WorkflowClient client = worker.start();
    stack.temporalPort = temporalPort;
    String url = "http://127.0.0.1:" + worker.dashboardPort();

    assertThat(stack.stackctl("reconcile", "start", customer, "--repo", stack.repoUrl(), "--poll", "PT1H").exitCode()).isZero();
    awaitStatus(customer, "NeedsAttention at step 4/9 pull images");
    String fleet = get(url + "/").body();
    String needing = get(url + "/?state=needs-attention").body();
    String completedOnly = get(url + "/?state=completed").body();
    String otherHost = get(url + "/?host=another-host").body();
    String page = get(url + "/stacks/" + customer).body();
    HttpResponse<String> unknown = get(url + "/stacks/nobody-here");
    HttpResponse<String> anonymous = post(url + "/stacks/" + customer + "/retry", "", null);
    HttpResponse<String> wrongToken = post(url + "/stacks/" + customer + "/retry", "", "not-" + TOKEN);
    HttpResponse<String> otherSite = http.send(HttpRequest.newBuilder(URI.create(url + "/stacks/" + customer + "/retry"))
        .header("Origin", "http://evil.example.invalid").header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badSignIn = post(url + "/login", "token=guess&next=%2F", null);
    HttpResponse<String> pauseWithoutReason = post(url + "/stacks/" + customer + "/pause", "reason=", TOKEN);
    String backups = get(url + "/stacks/" + customer + "/backups").body();

    assertThat(fleet).contains("data-customer=\"" + customer + "\" data-state=\"needs-attention\"")
        .contains("step 4/9 pull images").contains("<option value=\"dash-host\">dash-host</option>")
        .doesNotContain("<script>").contains("<script src=\"/static/dashboard.js\" defer></script>");
    assertThat(needing).contains("data-customer=\"" + customer + "\"");
    assertThat(completedOnly).doesNotContain("data-customer=\"" + customer + "\"").contains("No stack matches.");
    assertThat(otherHost).doesNotContain("data-customer=\"" + customer + "\"");
    assertThat(page).contains("<h3>Needs attention</h3>").contains("cannot be pulled").contains("stackctl retry " + customer)
        .contains("data-state=\"needs attention\"><td>4</td><td>pull images</td>")
        .contains("href=\"http://127.0.0.1:8233/namespaces/default/workflows/stack-" + customer + "/")
        .contains("Sign in</a> to retry, skip or abort").doesNotContain("id=\"retry\"")
        .contains("Reconcile loop <span class=\"badge\">Applying</span>")
        .contains("id=\"run-state\">needs attention</span>");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).startsWith("refused: sign in with an operator token");
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(otherSite.statusCode()).isEqualTo(403);
    assertThat(badSignIn.statusCode()).isEqualTo(401);
    assertThat(badSignIn.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(pauseWithoutReason.headers().firstValue("Location")).hasValue("/stacks/" + customer
        + "?refused=pause+needs+a+reason%2C+for+the+record");
    assertThat(stack.stackctl("status", customer).out()).as("nothing refused changed the run")
        .contains("NeedsAttention at step 4/9 pull images");
    assertThat(backups).contains("<code>vanilla-1.0.0</code>");

    image = TestEnvironment.registry() + "/demo/web:" + tag;
    docker.tagImageCmd(TestEnvironment.registry() + "/demo/web:1.0.0", TestEnvironment.registry() + "/demo/web", tag).exec();
    docker.pushImageCmd(image).start().awaitCompletion(2, TimeUnit.MINUTES);
    Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
    ProcessBuilder run = new ProcessBuilder("node", BROWSER_TEST.toString()).redirectErrorStream(true);
    run.environment().put("DASHBOARD_URL", url);
    run.environment().put("CUSTOMER", customer);
    run.environment().put("OPERATOR_TOKEN", TOKEN);
    run.environment().put("SCREENSHOTS", screenshots.toAbsolutePath().toString());
    Process node = run.start();
    String said = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(5, TimeUnit.MINUTES)).isTrue();
    System.out.print(said);

    assertThat(node.exitValue()).as(said).isZero();
    assertThat(said).contains("browser: fleet page lists " + customer)
        .contains("browser: stack page: 4 pull images needs attention")
        .contains("browser: pressed retry: retry step 4/9 \"pull images\"")
        .contains("browser: run completed on the page, 9 steps done")
        .contains("browser: no request left the dashboard");
    assertThat(screenshots.resolve("dashboard-fleet.png")).isNotEmptyFile();
    assertThat(screenshots.resolve("dashboard-stack.png")).isNotEmptyFile();
    assertThat(identities(client, StackNames.operationId(customer), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .as("the retry is recorded in the run's history with who asked").containsExactly(Dashboard.identity("alice"));

    HttpResponse<String> sync = post(url + "/stacks/" + customer + "/sync", "", TOKEN);
    assertThat(sync.headers().firstValue("Location")).hasValue("/stacks/" + customer + "?said=sync+sent+to+reconcile-"
        + customer);
    assertThat(identities(client, StackNames.reconcileId(customer), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED))
        .contains(Dashboard.identity("alice"));
  }

  @Test
  void readingNeedsSignInUnlessOpenedAndNamesOfNoStackStartNothing() throws Exception {
    stack = new TestStack(temp);
    int temporalPort = TestStack.freePort();
    String oneAddress = "127.0.0.1:" + TestStack.freePort();
    worker = new StackpilotWorker(stack.worker(null, true, "dash-closed", TestEnvironment.dockerHost()).withDashboard(
        new DashboardSettings(oneAddress, List.of(new Operator("alice", TOKEN)), null))
        .withHooks(new WorkerConfig.Hooks(oneAddress, "hook-s3cret", null, null)),
        temporalPort);
    WorkflowClient client = worker.start();
    String url = "http://127.0.0.1:" + worker.dashboardPort();
    HttpResponse<String> unsignedPush = http.send(HttpRequest.newBuilder(URI.create(url + "/hooks/git"))
        .header("X-GitHub-Event", "push").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(worker.hooksPort()).as("the dashboard and the webhooks share one listener").isEqualTo(worker.dashboardPort());
    assertThat(unsignedPush.statusCode()).as("/hooks/git is the webhook endpoint's, beside the dashboard's /").isEqualTo(401);

    HttpResponse<String> fleet = get(url + "/");
    HttpResponse<String> rows = get(url + "/fleet/rows");
    HttpResponse<String> backups = get(url + "/stacks/acme/backups");
    HttpResponse<String> signedFleet = getAs(url + "/", TOKEN);
    HttpResponse<String> nobody = getAs(url + "/stacks/nobody-here/backups", TOKEN);
    HttpResponse<String> nobodyPlan = getAs(url + "/stacks/nobody-here/plan", TOKEN);
    HttpResponse<String> signIn = post(url + "/login", "token=" + TOKEN + "&next=%2F", null);
    String cookie = signIn.headers().firstValue("Set-Cookie").orElse("").split(";")[0];
    HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(URI.create(url + "/")).header("Cookie", cookie)
        .build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> offSite = post(url + "/login", "token=" + TOKEN + "&next=https%3A%2F%2Fevil.example", null);
    List<Integer> guesses = new java.util.ArrayList<>();
    for (int i = 0; i < 11; i++) {
      guesses.add(post(url + "/login", "token=guess-" + i, null).statusCode());
    }
    HttpResponse<String> rightTokenAfterGuessing = post(url + "/login", "token=" + TOKEN, null);

    assertThat(fleet.statusCode()).isEqualTo(303);
    assertThat(fleet.headers().firstValue("Location")).hasValue("/login?next=%2F");
    assertThat(fleet.body()).doesNotContain("stack");
    assertThat(rows.statusCode()).isEqualTo(401);
    assertThat(backups.statusCode()).isEqualTo(401);
    assertThat(signedFleet.statusCode()).isEqualTo(200);
    assertThat(nobody.statusCode()).isEqualTo(404);
    assertThat(nobodyPlan.statusCode()).isEqualTo(404);
    assertThat(new io.stackpilot.client.Runs(client).list(null)).as("a page of a name of no stack starts no catalog or plan")
        .noneMatch(e -> e.getType().getName().equals("CatalogBackups") || e.getType().getName().equals("PlanStack"));
    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(cookie).startsWith("stackpilot_session=");
    assertThat(signIn.headers().firstValue("Set-Cookie").orElse("")).contains("HttpOnly", "SameSite=Strict");
    assertThat(withCookie.statusCode()).isEqualTo(200);
    assertThat(offSite.headers().firstValue("Location")).as("a sign-in sends nobody elsewhere").hasValue("/");
    assertThat(guesses).as("ten failed sign-ins a minute, then none is read").startsWith(401, 401, 401, 401, 401, 401,
        401, 401, 401, 401).endsWith(429);
    assertThat(rightTokenAfterGuessing.statusCode()).isEqualTo(429);
  }

  private HttpResponse<String> getAs(String url, String token) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitStatus(String customer, String expected) throws InterruptedException {
    String last = "";
    for (int i = 0; i < 360; i++) {
      last = stack.stackctl("status", customer).out();
      if (last.contains(expected)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the run never got to " + expected + ": " + last);
  }

  /** The identity of every event of {@code type} in the latest run of {@code workflowId}. */
  private static List<String> identities(WorkflowClient client, String workflowId, EventType type) {
    List<HistoryEvent> events = client.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default")
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build()).getHistory().getEventsList();
    return events.stream().filter(e -> e.getEventType() == type).map(e -> switch (type) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ->
          e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getMeta().getIdentity();
      default -> e.getWorkflowExecutionSignaledEventAttributes().getIdentity();
    }).toList();
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String form, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
        "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
