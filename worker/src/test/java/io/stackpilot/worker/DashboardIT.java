package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.dockerjava.api.DockerClient;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.access.Grant;
import io.stackpilot.worker.access.Role;
import io.stackpilot.worker.config.WorkerConfig;
import io.stackpilot.worker.dashboard.Dashboard;
import io.stackpilot.worker.dashboard.DashboardSettings;
import io.stackpilot.worker.dashboard.Operator;
import io.stackpilot.worker.http.HttpEndpoints;
import io.stackpilot.client.FleetIndex;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
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
import java.nio.file.attribute.PosixFilePermission;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.stackpilot.cli.Stackctl;
import io.stackpilot.testing.FreePorts;
import picocli.CommandLine;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The fleet dashboard on a running worker: its pages, its refusals, and an operator retrying a step from a real
 * browser (Debian's Chromium driven by playwright-core, dev/browser/dashboard.mjs) until the install completes.
 */
class DashboardIT {

  private static final String TOKEN = "alice-token-" + UUID.randomUUID();
  private static final Path BROWSER_TEST = Path.of("..", "dev", "browser", "dashboard.mjs");
  private static final Path DEVICE_TEST = Path.of("..", "dev", "browser", "device.mjs");

  private final DockerClient docker = TestEnvironment.docker();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir
  Path temp;

  private TestStack stack;
  private StackpilotWorker worker;
  private String image;

  /** The audit events of the dashboards in this JVM. */
  private final ListAppender<ILoggingEvent> audit = new ListAppender<>();

  @BeforeEach
  void listenToTheAudit() {
    audit.start();
    Logger logger = (Logger) LoggerFactory.getLogger("io.stackpilot.audit");
    logger.setLevel(Level.INFO);
    logger.addAppender(audit);
  }

  @AfterEach
  void down() {
    ((Logger) LoggerFactory.getLogger("io.stackpilot.audit")).detachAppender(audit);
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
    stack.commit("1.0.0", "dash-host", FreePorts.lasting());
    int temporalPort = FreePorts.loopback();
    worker = new StackpilotWorker(stack.worker(null, true, "dash-host", TestEnvironment.dockerHost()).withDashboard(
        new DashboardSettings("127.0.0.1:0", List.of(new Operator("alice", TOKEN)), "http://127.0.0.1:8233",
            true)),
        temporalPort);
    WorkflowClient client = worker.start();
    stack.temporalPort = temporalPort;
    String url = "http://127.0.0.1:" + worker.dashboardPort();

    assertThat(stack.stackctl("reconcile", "start", customer, "--repo", stack.repoUrl(), "--poll", "PT1H", "--as", "olga")
        .exitCode()).isZero();
    awaitStatus(customer, "NeedsAttention at step 4/9 pull images");
    String fleet = awaitPage(url + "/", "data-customer=\"" + customer + "\" data-state=\"needs-attention\"");
    FleetStack indexed = new FleetIndex(client).read().orElseThrow(() -> new AssertionError("the worker started no "
        + "fleet index")).stream().filter(s -> s.customer().equals(customer)).findFirst().orElseThrow();
    String needing = get(url + "/?state=needs-attention").body();
    String completedOnly = get(url + "/?state=completed").body();
    String otherHost = get(url + "/?host=another-host").body();
    String hostGlob = get(url + "/fleet/rows?host=dash-*").body();
    String gold = get(url + "/fleet/rows?label=tier%3Dgold").body();
    String badLabel = get(url + "/fleet/rows?label=tier").body();
    String badState = get(url + "/?state=broken").body();
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

    assertThat(indexed.operation()).as("the page reads the fleet index, which the run told of its step")
        .extracting(FleetOperation::state, FleetOperation::stepNumber, FleetOperation::host)
        .containsExactly(StackStatus.NEEDS_ATTENTION, 4, "dash-host");
    assertThat(indexed.loop().state()).isEqualTo("Applying");
    assertThat(fleet).contains("data-customer=\"" + customer + "\" data-state=\"needs-attention\"")
        .contains("step 4/9 pull images").contains("<option value=\"dash-host\">dash-host</option>")
        .doesNotContain("<script>").contains("<script src=\"/static/dashboard.js\" defer></script>");
    assertThat(needing).contains("data-customer=\"" + customer + "\"");
    assertThat(completedOnly).doesNotContain("data-customer=\"" + customer + "\"").contains("No stack matches.");
    assertThat(otherHost).doesNotContain("data-customer=\"" + customer + "\"");
    assertThat(hostGlob).as("a host glob, as stackctl list --host takes").contains("data-customer=\"" + customer + "\"");
    assertThat(gold).as("its stack.yaml has no labels").doesNotContain("data-customer=\"" + customer + "\"")
        .contains("No stack matches.");
    assertThat(badLabel).contains("Filter refused: label: &#39;tier&#39; must be key&#61;value")
        .doesNotContain("No stack matches.");
    assertThat(badState).contains("Filter refused: state: &#39;broken&#39; is not a state; one of running, "
        + "needs-attention, failed, completed, idle").contains("<input name=\"label\" value=\"\"");
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

    String other = "bt-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(stack.stackctl("install", other, "--repo", temp.resolve("no-repo").toUri().toString()).exitCode())
        .as("another customer's stack, which only some may see").isZero();
    int scopedPort = FreePorts.loopback();
    try (HttpEndpoints endpoints = new HttpEndpoints();
         Dashboard scoped = new Dashboard(client, scopedSettings(scopedPort), "default", Clock.systemUTC())) {
      String scopedUrl = "http://127.0.0.1:" + scoped.serve(endpoints, "127.0.0.1:" + scopedPort);
      refusedByGrants(scopedUrl, customer);

      image = TestEnvironment.registry() + "/demo/web:" + tag;
      docker.tagImageCmd(TestEnvironment.registry() + "/demo/web:1.0.0", TestEnvironment.registry() + "/demo/web", tag)
          .exec();
      docker.pushImageCmd(image).start().awaitCompletion(2, TimeUnit.MINUTES);
      Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
      ProcessBuilder run = new ProcessBuilder("node", BROWSER_TEST.toString()).redirectErrorStream(true);
      run.environment().put("DASHBOARD_URL", scopedUrl);
      run.environment().put("CUSTOMER", customer);
      run.environment().put("OTHER_CUSTOMER", other);
      run.environment().put("PROVIDER_URL", URI.create(TestEnvironment.keycloakIssuer()).resolve("/").toString()
          .replaceFirst("/$", ""));
      run.environment().put("VIEWER", "vera:vera-password");
      run.environment().put("OPERATOR", "alice:alice-password");
      run.environment().put("DISABLED", "dora:dora-password");
      run.environment().put("SCREENSHOTS", screenshots.toAbsolutePath().toString());
      Process node = run.start();
      String said = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(5, TimeUnit.MINUTES)).isTrue();
      System.out.print(said);

      assertThat(node.exitValue()).as(said).isZero();
      assertThat(said)
          .contains("browser: vera signed in through the provider; the fleet lists " + customer + ", not " + other)
          .contains("browser: vera on the stack page: 0 retry buttons; You are a viewer of this stack")
          .contains("browser: vera signed out")
          .contains("browser: dora was refused by the provider: ")
          .contains("browser: alice signed in; fleet page lists " + customer)
          .contains("browser: alice operates " + customer + " and does not see " + other)
          .contains("browser: stack page: 4 pull images needs attention")
          .contains("browser: pressed retry: retry step 4/9 \"pull images\"")
          .contains("browser: run completed on the page, 9 steps done")
          .contains("browser: no request left the dashboard and its identity provider");
      assertThat(screenshots.resolve("dashboard-fleet.png")).isNotEmptyFile();
      assertThat(screenshots.resolve("dashboard-stack.png")).isNotEmptyFile();
    }
    assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(m -> assertThat(m)
        .startsWith("vera signed in to the dashboard through " + TestEnvironment.keycloakIssuer() + " from 127.0.0.1 "
            + "(groups: acme-support)"));
    assertThat(identities(client, StackNames.operationId(customer), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .as("the retry is recorded in the run's history with who asked").containsExactly(Dashboard.identity("alice"));
    assertThat(audit.list).filteredOn(e -> "alice".equals(e.getMDCPropertyMap().get("audit.actor"))
        && "retry".equals(e.getMDCPropertyMap().get("audit.action"))).singleElement()
        .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("audit.role", "operator")
            .containsEntry("audit.action", "retry").containsEntry("audit.customer", customer)
            .containsEntry("audit.outcome", "done").containsEntry("audit.from", "127.0.0.1").containsKey("audit.at"));

    HttpResponse<String> sync = post(url + "/stacks/" + customer + "/sync", "", TOKEN);
    assertThat(sync.headers().firstValue("Location")).hasValue("/stacks/" + customer + "?said=sync+sent+to+reconcile-"
        + customer);
    assertThat(identities(client, StackNames.reconcileId(customer), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED))
        .contains(Dashboard.identity("alice"));

    TestStack.Cli trail = stack.stackctl("audit", customer);
    assertThat(trail.exitCode()).as(trail.err()).isZero();
    assertThat(trail.out()).as("who did what, from the histories")
        .containsPattern("operator olga via stackctl \\(\\d+@[^)]+\\)  start ReconcileStack  started  \\(reconcile-" + customer)
        .contains("its loop, reconcile-" + customer + "  start InstallStack  started  (stack-" + customer)
        .contains(Dashboard.identity("alice") + "  decide retry  done  (stack-" + customer)
        .contains(Dashboard.identity("alice") + "  sync  delivered  (reconcile-" + customer);
    assertThat(getAs(url + "/stacks/" + customer + "/audit", TOKEN).body()).as("the same on the stack's page")
        .contains("<td>" + Dashboard.identity("alice") + "</td><td>decide retry</td><td>done</td>");
  }

  private static final String VERA = "vera-token-" + UUID.randomUUID();
  private static final String BOB = "bob-token-" + UUID.randomUUID();
  private static final String HANNA = "hanna-token-" + UUID.randomUUID();

  /**
   * The same fleet behind grants, as a team with several operators and customers' admins configures it, people signing
   * in with tokens or through Keycloak (dev/env's test realm: alice in group platform, vera in acme-support, dora
   * disabled): the token of ops operates everything, group platform operates wk-* (the customers of this test), viewers
   * of wk-*, an operator of beta* and operators of wk-* on eu-* hosts.
   */
  private static DashboardSettings scopedSettings(int port) {
    return new DashboardSettings("127.0.0.1:" + port, List.of(new Operator("ops", TOKEN), new Operator("vera", VERA),
        new Operator("bob", BOB), new Operator("hanna", HANNA, List.of("eu-ops"))), null, false)
        .withGrants(List.of(
            new Grant(Role.OPERATOR, List.of("ops"), List.of(), List.of("*"), List.of()),
            new Grant(Role.OPERATOR, List.of(), List.of("platform"), List.of("wk-*"), List.of()),
            new Grant(Role.VIEWER, List.of("vera"), List.of("acme-support"), List.of("wk-*"), List.of()),
            new Grant(Role.OPERATOR, List.of("bob"), List.of(), List.of("beta*"), List.of()),
            new Grant(Role.OPERATOR, List.of(), List.of("eu-ops"), List.of("wk-*"), List.of("eu-*"))))
        .withOidc(new DashboardSettings.Oidc(TestEnvironment.keycloakIssuer(), "stackpilot-dashboard",
            "dashboard-test-secret-0123456789", "http://127.0.0.1:" + port + "/login/oidc/callback", "preferred_username",
            "groups"));
  }

  /**
   * What the grants refuse, over HTTP: a viewer of wk-* reads the stack and may not retry; an operator of beta* and an
   * operator of wk-* on eu-* hosts see nothing of it (not found, as a stack that does not exist); an answer to a
   * sign-in begun in no browser is refused. Each refusal is an audit event; nothing refused changed the run.
   */
  private void refusedByGrants(String url, String customer) throws Exception {
    String veraCookie = post(url + "/login", "token=" + VERA + "&next=%2F", null).headers().firstValue("Set-Cookie")
        .orElseThrow().split(";")[0];
    HttpResponse<String> veraFleet = getAs(url + "/", VERA);
    HttpResponse<String> veraPage = http.send(HttpRequest.newBuilder(URI.create(url + "/stacks/" + customer))
        .header("Cookie", veraCookie).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> veraRetry = post(url + "/stacks/" + customer + "/retry", "", VERA);
    HttpResponse<String> bobFleet = getAs(url + "/", BOB);
    HttpResponse<String> bobPage = getAs(url + "/stacks/" + customer, BOB);
    HttpResponse<String> bobRetry = post(url + "/stacks/" + customer + "/retry", "", BOB);
    HttpResponse<String> bobAudit = getAs(url + "/stacks/" + customer + "/audit", BOB);
    HttpResponse<String> hannaFleet = getAs(url + "/", HANNA);
    HttpResponse<String> hannaLive = getAs(url + "/stacks/" + customer + "/live", HANNA);
    HttpResponse<String> opsFleet = getAs(url + "/", TOKEN);
    HttpResponse<String> forgedAnswer = get(url + "/login/oidc/callback?state=made-up&code=made-up");

    assertThat(veraFleet.body()).contains("data-customer=\"" + customer + "\"");
    assertThat(veraPage.statusCode()).isEqualTo(200);
    assertThat(veraPage.body()).contains("cannot be pulled").doesNotContain("id=\"retry\"")
        .contains("You are a viewer of this stack: retrying, skipping or aborting needs the operator role.");
    assertThat(veraRetry.statusCode()).isEqualTo(403);
    assertThat(veraRetry.body()).isEqualTo("refused: vera is a viewer of " + customer
        + "; retry needs the operator role (dashboard.grants)\n");
    assertThat(bobFleet.body()).doesNotContain(customer).contains("No stack matches.");
    assertThat(bobPage.statusCode()).isEqualTo(404);
    assertThat(bobPage.body()).doesNotContain("cannot be pulled");
    assertThat(bobRetry.statusCode()).isEqualTo(404);
    assertThat(bobAudit.statusCode()).isEqualTo(404);
    assertThat(hannaFleet.body()).as("wk-* but not on an eu-* host").doesNotContain(customer);
    assertThat(hannaLive.statusCode()).isEqualTo(404);
    assertThat(opsFleet.body()).contains("data-customer=\"" + customer + "\"");
    assertThat(forgedAnswer.statusCode()).isEqualTo(401);
    assertThat(forgedAnswer.body()).contains("this answer belongs to no sign-in begun in this browser");
    assertThat(forgedAnswer.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("stackpilot_session="));
    assertThat(stack.stackctl("status", customer).out()).as("nothing refused changed the run")
        .contains("NeedsAttention at step 4/9 pull images");
    assertThat(audit.list).filteredOn(e -> "refused".equals(e.getMDCPropertyMap().get("audit.outcome")))
        .extracting(ILoggingEvent::getFormattedMessage).contains(
            "vera (viewer) asked retry of " + customer + " from 127.0.0.1 via the dashboard: refused, retry needs the "
                + "operator role",
            "bob (no role) asked retry of " + customer + " from 127.0.0.1 via the dashboard: refused, no role on this stack");
  }

  @Test
  void readingNeedsSignInUnlessOpenedAndNamesOfNoStackStartNothing() throws Exception {
    stack = new TestStack(temp);
    int temporalPort = FreePorts.loopback();
    String oneAddress = "127.0.0.1:" + FreePorts.loopback();
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
    HttpResponse<String> forgedCookie = http.send(HttpRequest.newBuilder(URI.create(url + "/"))
        .header("Cookie", "stackpilot_session=" + cookie.substring(cookie.indexOf('=') + 1, cookie.length() - 2) + "xy")
        .build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> signOut = http.send(HttpRequest.newBuilder(URI.create(url + "/logout")).header("Cookie", cookie)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create(url + "/")).header("Cookie", cookie)
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
    assertThat(forgedCookie.statusCode()).as("a forged session cookie signs nobody in").isEqualTo(303);
    assertThat(signOut.headers().firstValue("Set-Cookie").orElse("")).contains("stackpilot_session=;", "Max-Age=0");
    assertThat(replayed.statusCode()).as("a session cookie kept after its sign-out signs nobody in").isEqualTo(303);
    assertThat(offSite.headers().firstValue("Location")).as("a sign-in sends nobody elsewhere").hasValue("/");
    assertThat(guesses).as("ten failed sign-ins a minute, then none is read").startsWith(401, 401, 401, 401, 401, 401,
        401, 401, 401, 401).endsWith(429);
    assertThat(rightTokenAfterGuessing.statusCode()).isEqualTo(429);

    stack.temporalPort = temporalPort;
    stackctlSignsInWithTheDeviceFlowAndItsRunsNameThePerson();
  }

  /**
   * stackctl login against dev/env's Keycloak: the code it prints is confirmed in Chromium as alice
   * (dev/browser/device.mjs); the sign-in is kept in a file only its owner reads, and a run stackctl then starts names
   * alice as signed in through the provider; stackctl logout forgets it.
   */
  private void stackctlSignsInWithTheDeviceFlowAndItsRunsNameThePerson() throws Exception {
    String issuer = TestEnvironment.keycloakIssuer();
    Path identity = temp.resolve("identity.json");
    StringWriter out = new StringWriter();
    CommandLine cli = Stackctl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> login = background.submit(() -> cli.execute("login", "--issuer", issuer, "--client-id", "stackctl",
          "--identity-file", identity.toString(), "--wait", "PT2M"));
      java.util.regex.Matcher code = null;
      for (int i = 0; i < 300 && (code == null || !code.find()); i++) {
        Thread.sleep(100);
        code = java.util.regex.Pattern.compile("Confirm code \\S+ at (\\S+)").matcher(out.toString());
      }
      assertThat(code.find(0)).as("stackctl login printed a code: " + out).isTrue();
      ProcessBuilder confirm = new ProcessBuilder("node", DEVICE_TEST.toString()).redirectErrorStream(true);
      confirm.environment().put("VERIFICATION_URL", code.group(1));
      confirm.environment().put("USER_PASSWORD", "alice:alice-password");
      Process node = confirm.start();
      String said = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(node.exitValue()).as(said).isZero();
      assertThat(login.get(2, TimeUnit.MINUTES)).as(out.toString()).isZero();
    } finally {
      background.shutdownNow();
    }
    assertThat(out.toString()).contains("signed in as alice (groups: platform) through " + issuer + " until ");
    assertThat(Files.getPosixFilePermissions(identity)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE);

    String customer = "dv-" + UUID.randomUUID().toString().substring(0, 8);
    TestStack.Cli install = stack.stackctl("install", customer, "--repo", temp.resolve("no-repo").toUri().toString(),
        "--identity-file", identity.toString());
    assertThat(install.exitCode()).as(install.err()).isZero();
    assertThat(stack.stackctl("audit", customer).out()).as("the run names the person the provider signed in")
        .contains("operator alice via stackctl, signed in through " + issuer + " (").contains("start InstallStack");
    StringWriter loggedOut = new StringWriter();
    CommandLine logout = Stackctl.commandLine();
    logout.setOut(new PrintWriter(loggedOut, true));
    assertThat(logout.execute("logout", "--identity-file", identity.toString())).isZero();
    assertThat(loggedOut.toString()).isEqualTo("signed out\n");
    assertThat(identity).doesNotExist();
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

  /**
   * The page once it shows {@code expected}: the fleet index hears of a change from the run a moment after the run's
   * own status query answers with it.
   */
  private String awaitPage(String url, String expected) throws IOException, InterruptedException {
    String last = "";
    for (int i = 0; i < 40; i++) {
      last = get(url).body();
      if (last.contains(expected)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(url + " never showed " + expected + ": " + last);
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
