package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.config.WorkerConfig;
import io.stackpilot.worker.hooks.GitProvider;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StepRecord;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack's life through the worker with its embedded Temporal server: install from the vanilla backup,
 * update to the next release (migration applied), back up. Real git repo, Docker, MariaDB, backup store.
 */
class WorkerLifecycleIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient docker = TestEnvironment.docker();
  private final int webPort = FreePorts.lasting();

  @TempDir
  Path temp;

  private TestStack stack;
  private String customer;

  @BeforeEach
  void repo() throws Exception {
    stack = new TestStack(temp);
    customer = stack.customer;
  }

  private StackpilotWorker worker;

  @AfterEach
  void down() {
    if (worker != null) {
      worker.close();
    }
    stack.remove(docker);
  }

  private int temporalPort;
  /** Where the next worker sends its notifications. */
  private List<WorkerConfig.NotifyWebhook> notifications = List.of();

  /** stackctl, as an operator types it, against the worker's embedded Temporal server. */
  private TestStack.Cli stackctl(String... args) {
    stack.temporalPort = temporalPort;
    return stack.stackctl(args);
  }

  /** The result of the stack's last run, as recorded by Temporal. */
  private OperationResult lastResult(WorkflowClient client) {
    return client.newUntypedWorkflowStub(StackNames.operationId(customer)).getResult(OperationResult.class);
  }

  @Test
  void installUpdateAndBackupThroughTheWorker() throws Exception {
    stack.commit("1.0.0", "it-host", webPort);
    String repo = temp.resolve("repo").toUri().toString();
    worker = itWorker(TestEnvironment.releasesDir(), true);
    ch.qos.logback.classic.Logger activityLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.stackpilot.activity");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    activityLog.addAppender(logged);
    activityLog.setLevel(ch.qos.logback.classic.Level.INFO);
    WorkflowClient client = worker.start();

    TestStack.Cli install = stackctl("install", customer, "--repo", repo, "--wait");
    OperationResult installed = lastResult(client);

    assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
    assertThat(install.out()).startsWith("started InstallStack as stack-" + customer)
        // Steps shorter than the follower's half-second poll are not seen live; the summary names every one.
        .contains("[1/9] resolve desired state", "InstallStack of " + customer + " completed: release 1.0.0 on it-host",
            "  verify health: done in ");
    TestStack.Cli status = stackctl("status", customer);
    assertThat(status.out()).startsWith("InstallStack of " + customer + ": Completed at step 9/9 verify health");
    TestStack.Cli retry = stackctl("retry", customer);
    assertThat(retry.exitCode()).isEqualTo(5);
    assertThat(retry.err()).isEqualTo("stackctl: refused: no operation is running on stack-" + customer
        + "; its last run is completed\n");

    assertThat(installed.steps()).extracting(StepRecord::outcome).containsOnly(StepRecord.DONE);
    assertThat(logged.list).as("activity log lines carry customer, workflow id and step").anySatisfy(event -> {
      assertThat(event.getFormattedMessage()).startsWith("RestoreIfEmpty completed in ");
      assertThat(event.getMDCPropertyMap()).containsEntry("customer", customer)
          .containsEntry("workflowId", "stack-" + customer).containsEntry("step", "RestoreIfEmpty");
    });
    activityLog.detachAppender(logged);
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + worker.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).containsPattern("stackpilot_activity_seconds_count\\{outcome=\"completed\",step=\"RestoreIfEmpty\"\\} 1")
        .as("the SDK's own metrics").contains("temporal_");
    HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + worker.metricsPort() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
    assertThat(installed.backupUsed()).isEqualTo("vanilla-1.0.0");
    assertThat(installed.servicesStarted()).as("db was started by its own step").containsExactly("web", "task-runner");
    assertThat(get("/version")).isEqualTo("1.0.0\n");
    MariaDbShell db = new MariaDbShell(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1", "wk-secret");
    assertThat(db.query("SELECT name FROM demo.accounts ORDER BY id")).containsExactly("admin", "demo");

    db.query("INSERT INTO demo.accounts (name, email) VALUES ('written-before-update', 'w@example.invalid')");
    stack.commit("1.1.0", "it-host", webPort);
    TestStack.Cli plan = stackctl("plan", customer, "--repo", repo);
    TestStack.Cli planJson = stackctl("plan", customer, "--repo", repo, "--output", "json");
    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    assertThat(plan.out()).startsWith("plan for " + customer + " on it-host: release 1.1.0 at commit ")
        .containsPattern("  web: recreate — image \\S+/demo/web:1.0.0 → \\S+/demo/web:1.1.0")
        .contains("  db: unchanged")
        .contains("  backup: a safety backup of the running database before anything changes",
            "  migrations: V2 account plans", "  images to pull: none (all on the host)", "  restarts: web, task-runner",
            "  downtime: web, task-runner down from their stop until healthy, the migrations running meanwhile");
    assertThat(JSON.readTree(planJson.out()).get("changesNothing").asBoolean()).isFalse();
    assertThat(JSON.readTree(planJson.out()).get("migrations").get(0).asText()).isEqualTo("V2 account plans");
    assertThat(get("/version")).as("plan changes nothing").isEqualTo("1.0.0\n");
    assertThat(stackctl("update", customer, "--repo", repo, "--wait").exitCode()).isZero();
    OperationResult updated = lastResult(client);

    assertThat(updated.backupWritten()).as("safety backup").isNotNull();
    assertThat(updated.migrationsApplied()).containsExactly("V2 account plans");
    assertThat(get("/version")).isEqualTo("1.1.0\n");
    assertThat(db.query("SELECT plan FROM demo.accounts WHERE name = 'admin'")).containsExactly("premium");

    assertThat(stackctl("backup", customer, "--repo", repo, "--wait").exitCode()).isZero();
    OperationResult backedUp = lastResult(client);

    assertThat(backedUp.backupWritten()).isNotNull();
    assertThat(temp.resolve("backups").resolve(customer).resolve(backedUp.backupWritten()).resolve("manifest.json")).exists();
    assertThat(Files.readString(temp.resolve("backups").resolve(customer).resolve(backedUp.backupWritten())
        .resolve("manifest.json"))).contains("\"release\" : \"1.1.0\"", "\"schemaVersion\" : \"2\"")
        .containsPattern("\"web\" : \"[^\"]+/demo/web:1\\.1\\.0@sha256:[0-9a-f]{64}\"");

    Path incomplete = Files.createDirectories(temp.resolve("backups").resolve(customer).resolve("20261201T000000Z-deadbeef"));
    Files.writeString(incomplete.resolve("db.sql.zst"), "an upload that never finished");
    TestStack.Cli backups = stackctl("backups", customer, "--repo", repo);
    JsonNode catalog = JSON.readTree(stackctl("backups", customer, "--repo", repo, "-o", "json").out());
    TestStack.Cli intact = stackctl("backups", "verify", customer, backedUp.backupWritten(), "--repo", repo);
    Path safetyDump = temp.resolve("backups").resolve(customer).resolve(updated.backupWritten()).resolve("db.sql.zst");
    Files.writeString(safetyDump, "tampered", java.nio.file.StandardOpenOption.APPEND);
    TestStack.Cli damaged = stackctl("backups", "verify", customer, updated.backupWritten(), "--repo", repo);

    assertThat(backups.exitCode()).as(backups.out() + backups.err()).isZero();
    assertThat(backups.out()).startsWith("backups of " + customer + " in file://")
        .containsPattern(backedUp.backupWritten() + " +manual +1\\.1\\.0 +2 .* complete")
        .containsPattern(updated.backupWritten() + " +safety +1\\.0\\.0 +1 .* complete")
        .containsPattern("vanilla-1\\.0\\.0 +vanilla +1\\.0\\.0 +1 .* complete")
        .containsPattern("20261201T000000Z-deadbeef +- +- +- +29 B +2026-12-01T00:00:00Z +incomplete \\(no manifest: never used\\)");
    assertThat(catalog.get("backups")).extracting(b -> b.get("kind").asText()).contains("manual", "safety", "vanilla", "null");
    assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
    assertThat(intact.out()).contains("  db.sql.zst ", " ok (SHA-256 ").endsWith("intact: every part matches its manifest\n");
    assertThat(damaged.exitCode()).isEqualTo(3);
    assertThat(damaged.out()).containsPattern("db\\.sql\\.zst +\\d+ bytes  longer: \\d+ bytes, manifest says \\d+")
        .contains("damaged: 1 of 2 parts do not match; do not restore it");

    TestStack.Cli history = stackctl("history", customer);
    JsonNode runs = JSON.readTree(stackctl("history", customer, "-o", "json").out());
    TestStack.Cli list = stackctl("list", "--output", "json");
    assertThat(history.out()).containsSubsequence("  BackupStack  completed", "    write manifest: done",
        "  UpdateStack  completed", "    release 1.1.0 on it-host", "    migrate database: done",
        "  InstallStack  completed", "    seed backup: done");
    assertThat(runs).extracting(r -> r.get("operation").asText()).containsExactly("BackupStack", "UpdateStack", "InstallStack");
    assertThat(runs.get(1).get("detail").get("steps")).hasSize(7);
    assertThat(JSON.readTree(list.out())).anySatisfy(stack -> {
      assertThat(stack.get("customer").asText()).isEqualTo(customer);
      assertThat(stack.get("operation").asText()).isEqualTo("BackupStack");
      assertThat(stack.get("state").asText()).isEqualTo("Completed");
      assertThat(stack.get("release").asText()).isEqualTo("1.1.0");
    });
    assertThat(stackctl("status", customer, "--output", "yaml").err()).contains("Invalid value for option '--output'")
        .contains("text, json");

    prunesByBackupKeepFromTheNightlyBackupAndFromStackctl(client, repo, updated.backupWritten(),
        backedUp.backupWritten());
  }

  /**
   * The stack turns backup.keep on (daily: 1). The dry run deletes nothing and says why each backup stays; the next
   * backup prunes after its manifest: the vanilla copy goes (every other backup is one of the newest three or the newest
   * of its release), and so does what the upload that never finished left three days ago. stackctl backups says why
   * each stays; stackctl backups prune, as the stack's operation, then has nothing left to do.
   */
  private void prunesByBackupKeepFromTheNightlyBackupAndFromStackctl(WorkflowClient client, String repo, String safety, String manual)
      throws Exception {
    Path store = temp.resolve("backups").resolve(customer);
    stack.commit("1.1.0", "it-host", webPort, "  exclude: [recordings, logs]\n",
        "  exclude: [recordings, logs]\n  keep: { daily: 1 }\n");

    TestStack.Cli dryRun = stackctl("backups", "prune", customer, "--repo", repo, "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
    assertThat(dryRun.out()).startsWith("pruning file://").contains("(dry run: nothing is deleted)")
        .containsPattern(safety + " .* keep: .*one of the newest 3, newest of release 1\\.0\\.0")
        .containsPattern("20261201T000000Z-deadbeef +delete: left by an interrupted backup more than a day ago")
        .endsWith("would delete 0 backups and 1 leftover (29 B), kept 3\n");
    assertThat(store.resolve("20261201T000000Z-deadbeef")).as("a dry run deletes nothing").exists();

    TestStack.Cli backup = stackctl("backup", customer, "--repo", repo, "--wait");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isZero();
    assertThat(backup.out()).containsPattern("  prune old backups: done in \\d+ ms \\(deleted 1 backup and 1 leftover \\(");
    OperationResult pruned = lastResult(client);
    assertThat(pruned.pruned().deleted()).containsExactly("vanilla-1.0.0");
    assertThat(pruned.pruned().leftoversDeleted()).containsExactly("20261201T000000Z-deadbeef");
    assertThat(pruned.steps().get(4).note()).startsWith("deleted 1 backup and 1 leftover (");
    assertThat(store.resolve("vanilla-1.0.0")).as("deleted whole").doesNotExist();
    assertThat(store.resolve("20261201T000000Z-deadbeef")).doesNotExist();
    assertThat(store.resolve(safety).resolve("manifest.json")).exists();
    assertThat(store.resolve(manual).resolve("manifest.json")).exists();

    TestStack.Cli listed = stackctl("backups", customer, "--repo", repo);
    assertThat(listed.out()).contains("KEPT BY backup.keep")
        .containsPattern(pruned.backupWritten() + " .* complete  yes: newest, one of the newest 3, newest of release "
            + "1\\.1\\.0, daily \\d{4}-\\d{2}-\\d{2}")
        .contains("pruning now would delete 0 backups and 0 leftovers (0 B), kept 3");

    TestStack.Cli prune = stackctl("backups", "prune", customer, "--repo", repo);
    assertThat(prune.exitCode()).as(prune.out() + prune.err()).isZero();
    assertThat(prune.out()).startsWith("started PruneBackups as stack-" + customer)
        .contains("PruneBackups of " + customer + " completed");
    assertThat(lastResult(client).pruned().deleted()).isEmpty();
  }

  @Test
  void missingImageNeedsAttentionUntilItIsPushedThenRetryCompletes() throws Exception {
    String tag = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    Path releases = TestStack.releaseWithMissingWebImage(temp.resolve("releases"), tag);
    stack.commit("1.0.0", "it-host", webPort);
    List<JsonNode> notified = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/notify", exchange -> {
      try (exchange) {
        notified.add(JSON.readTree(exchange.getRequestBody()));
        exchange.sendResponseHeaders(204, -1);
      }
    });
    receiver.start();
    notifications = List.of(new WorkerConfig.NotifyWebhook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify",
        "json", List.of()));
    worker = itWorker(releases, false);
    worker.start();

    assertThat(stackctl("install", customer, "--repo", temp.resolve("repo").toUri().toString()).exitCode()).isZero();
    String status = awaitAttention();
    String image = TestEnvironment.registry() + "/demo/web:" + tag;
    docker.tagImageCmd(TestEnvironment.registry() + "/demo/web:1.0.0", TestEnvironment.registry() + "/demo/web", tag).exec();
    docker.pushImageCmd(image).start().awaitCompletion(2, java.util.concurrent.TimeUnit.MINUTES);
    TestStack.Cli retry = stackctl("retry", customer);
    TestStack.Cli watch = stackctl("watch", customer);

    assertThat(status).contains("NeedsAttention at step 4/9 pull images").contains("image " + image + " cannot be pulled")
        .contains("stackctl retry " + customer);
    assertThat(retry.out()).isEqualTo("retry step 4/9 \"pull images\"\n");
    assertThat(watch.exitCode()).as(watch.out()).isZero();
    assertThat(watch.out()).contains("InstallStack of " + customer + " completed").contains("pull images: done");
    assertThat(get("/version")).isEqualTo("1.0.0\n");
    assertThat(notified).extracting(n -> n.get("event").asText()).containsExactly("attention", "completed");
    assertThat(notified.get(0).get("text").asText()).startsWith("InstallStack of " + customer
        + ": step 4/9 \"pull images\" needs attention: ").contains("cannot be pulled").endsWith("stackctl retry " + customer);
    assertThat(notified.get(1).get("text").asText()).isEqualTo("InstallStack of " + customer
        + " completed: release 1.0.0 on it-host in 9 steps");
    receiver.stop(0);
    docker.removeImageCmd(image).withForce(true).exec();
  }

  @Test
  void reconcileLoopInstallsAppliesNewCommitsAndIgnoresTheRest() throws Exception {
    stack.commit("1.0.0", "it-host", webPort);
    String repo = temp.resolve("repo").toUri().toString();
    worker = itWorker(TestEnvironment.releasesDir(), true, new WorkerConfig.Hooks("127.0.0.1:0", "gh-secret", null, "gl-token"));
    WorkflowClient client = worker.start();

    TestStack.Cli start = stackctl("reconcile", "start", customer, "--repo", repo, "--poll", "PT1H");
    JsonNode installed = awaitReconcile(s -> !s.get("appliedCommit").isNull() && s.get("running").isNull());
    assertThat(start.out()).startsWith("started ReconcileStack as reconcile-" + customer);
    assertThat(installed.get("lastOperation").asText()).isEqualTo("InstallStack");
    assertThat(get("/version")).isEqualTo("1.0.0\n");
    assertThat(stackctl("reconcile", "start", customer, "--repo", repo).exitCode()).as("one loop per stack").isEqualTo(4);

    Files.writeString(temp.resolve("repo/README.md"), "acme's stack\n");
    stack.git.add().addFilepattern("README.md").call();
    String readme = stack.git.commit().setMessage("readme").setAuthor(new PersonIdent("Operator", "ops@example.invalid"))
        .setSign(false).call().getName();
    assertThat(stackctl("reconcile", "sync", customer).out()).isEqualTo("sync sent to reconcile-" + customer + "\n");
    JsonNode nothing = awaitReconcile(s -> readme.equals(s.get("appliedCommit").asText()));
    assertThat(nothing.get("pendingReason").asText()).isEqualTo("commit " + readme.substring(0, 8)
        + " changes nothing that affects the stack");
    assertThat(nothing.get("lastOperation").asText()).isEqualTo("InstallStack");

    String release110 = stack.commit("1.1.0", "it-host", webPort);
    String pushed = "{\"ref\":\"refs/heads/main\",\"after\":\"" + release110 + "\",\"repository\":{\"clone_url\":\""
        + repo + "\",\"html_url\":\"https://git.example.invalid/customers/acme\"}}";
    String elsewhere = pushed.replace(repo, "https://git.example.invalid/customers/other.git");
    String[] unsigned = push(pushed, "X-GitHub-Event", "push");
    String[] forged = push(pushed, "X-GitHub-Event", "push", "X-Hub-Signature-256", githubSignature("not-the-secret", pushed));
    String[] wrongToken = push("{\"ref\":\"refs/heads/main\",\"project\":{\"git_http_url\":\"" + repo + "\"}}",
        "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "guess");
    String[] noGitea = push(pushed, "X-Gitea-Event", "push", "X-Gitea-Signature", "00");
    String[] other = push(elsewhere, "X-GitHub-Event", "push", "X-Hub-Signature-256", githubSignature("gh-secret", elsewhere));
    JsonNode before = awaitReconcile(s -> s.get("running").isNull());
    long started = System.nanoTime();
    String[] signed = push(pushed, "X-GitHub-Event", "push", "X-Hub-Signature-256", githubSignature("gh-secret", pushed));
    JsonNode updated = awaitReconcile(s -> "1.1.0".equals(s.get("release").asText()) && s.get("running").isNull());
    assertThat(unsigned[0]).isEqualTo("401");
    assertThat(unsigned[1]).contains("unsigned: no X-Hub-Signature-256");
    assertThat(forged[0] + forged[1]).startsWith("401").contains("wrong signature");
    assertThat(wrongToken[0] + wrongToken[1]).startsWith("401").contains("wrong X-Gitlab-Token");
    assertThat(noGitea[0] + noGitea[1]).startsWith("401").contains("accepts no gitea webhooks");
    assertThat(other[0]).isEqualTo("202");
    assertThat(other[1]).contains("\"synced\":[]", "no running reconcile loop follows");
    assertThat(before.get("release").asText()).as("nothing pushed that counts before the signed push").isEqualTo("1.0.0");
    assertThat(signed[0]).isEqualTo("202");
    assertThat(signed[1]).isEqualTo("{\"synced\":[\"reconcile-" + customer + "\"]}");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("applied on the push, not at the next poll in an hour")
        .isLessThan(java.time.Duration.ofMinutes(5));
    String refusedCount = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + worker.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(refusedCount).contains("stackpilot_webhook_refused_total{provider=\"github\"} 2.0",
        "stackpilot_webhook_refused_total{provider=\"gitlab\"} 1.0", "stackpilot_webhook_refused_total{provider=\"gitea\"} 1.0");
    assertThat(updated.get("lastOperation").asText()).isEqualTo("UpdateStack");
    assertThat(updated.get("lastOutcome").asText()).isEqualTo("completed");
    assertThat(get("/version")).isEqualTo("1.1.0\n");
    JsonNode fresh = awaitReconcile(s -> "Watching".equals(s.get("state").asText()));
    assertThat(fresh.get("lastBackup").asText()).as("the update's safety backup counts").isNotEmpty();

    docker.stopContainerCmd(customer + "-web-1").exec();
    stackctl("reconcile", "sync", customer);
    JsonNode drifted = awaitReconcile(s -> "Drifted".equals(s.get("state").asText()));
    TestStack.Cli driftStatus = stackctl("reconcile", "status", customer);
    docker.startContainerCmd(customer + "-web-1").exec();
    stackctl("reconcile", "sync", customer);
    JsonNode matching = awaitReconcile(s -> "Watching".equals(s.get("state").asText()));
    assertThat(drifted.get("drift").asText()).as("a container stopped by hand")
        .contains("changed outside Stackpilot: ").contains("web: start — stopped");
    assertThat(drifted.get("driftRepairedAt").isNull()).as("reported, not repaired, without --self-heal").isTrue();
    assertThat(driftStatus.out()).contains("  drift:        since ");
    assertThat(matching.get("drift").isNull()).isTrue();
    assertThat(matching.get("lastOperation").asText()).isEqualTo("UpdateStack");

    stackctl("reconcile", "pause", customer, "--reason", "maintenance");
    TestStack.Cli paused = stackctl("reconcile", "status", customer);
    assertThat(paused.out()).startsWith("reconcile " + customer + ": Paused (maintenance)")
        .contains("  applied:      commit ", ", release 1.1.0 on it-host");
    assertThat(stackctl("reconcile", "resume", customer).exitCode()).isZero();
    assertThat(stackctl("reconcile", "sync", "nobody").exitCode()).isEqualTo(5);

    client.newUntypedWorkflowStub("reconcile-" + customer).terminate("replaced by a new loop");
    assertThat(stackctl("reconcile", "start", customer, "--repo", repo, "--poll", "PT1H", "--self-heal").exitCode()).isZero();
    JsonNode adopted = awaitReconcile(s -> !s.get("appliedCommit").isNull());
    assertThat(adopted.get("pendingReason").asText()).as("the running stack is adopted, not installed again")
        .isEqualTo("installed before this loop on it-host and matching commit " + release110.substring(0, 8) + ": adopted");
    assertThat(adopted.get("lastOperation").isNull()).isTrue();
    assertThat(adopted.get("release").asText()).isEqualTo("1.1.0");

    docker.removeContainerCmd(customer + "-web-1").withForce(true).exec();
    stackctl("reconcile", "sync", customer);
    JsonNode healed = awaitReconcile(s -> "UpdateStack".equals(s.get("lastOperation").asText()) && s.get("running").isNull());
    stackctl("reconcile", "sync", customer);
    JsonNode clean = awaitReconcile(s -> s.get("drift").isNull());
    assertThat(healed.get("lastOutcome").asText()).as("the adopted loop ran nothing before: the repair").isEqualTo("completed");
    assertThat(clean.get("state").asText()).isEqualTo("Watching");
    assertThat(get("/version")).as("the removed container was created again").isEqualTo("1.1.0\n");

    appliesOutsideTheMaintenanceWindowOnlyWhenAskedForNowOrUrgent(repo);
  }

  /**
   * With a maintenance window that is closed all through the test, a commit that restarts a service waits for it;
   * `stackctl update --now` has the loop apply it, and a commit with the trailer Urgent: true goes ahead at once; the
   * loop's status says why each ran outside the window.
   */
  private void appliesOutsideTheMaintenanceWindowOnlyWhenAskedForNowOrUrgent(String repo) throws Exception {
    java.time.ZonedDateTime later = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusDays(3);
    String closed = later.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)
        + " 03:00-03:30";
    String window = "maintenance: { windows: [\"" + closed + "\"], timezone: UTC }\n";
    assertThat(stackctl("update", customer, "--repo", repo, "--now").exitCode()).as("nothing held: refused").isEqualTo(5);
    String held = stack.commit("1.1.0", "it-host", webPort, "  web: { LOG_LEVEL: info }\n",
        "  web: { LOG_LEVEL: debug }\n" + window);
    stackctl("reconcile", "sync", customer);
    JsonNode waiting = awaitReconcile(s -> "WaitingForWindow".equals(s.get("state").asText()));
    assertThat(waiting.get("pendingReason").asText()).startsWith("waiting for the window " + closed.substring(0, 9) + " UTC (")
        .contains("): env changed; `stackctl update " + customer + " --now` applies it now");
    assertThat(stackctl("update", customer, "--repo", "file:///srv/git/other.git", "--now").err())
        .contains("refused: the loop of " + customer + " follows " + repo);

    TestStack.Cli now = stackctl("update", customer, "--repo", repo, "--now", "--wait");
    JsonNode applied = awaitReconcile(s -> held.equals(s.get("appliedCommit").asText()) && s.get("running").isNull());
    assertThat(now.exitCode()).as(now.out() + now.err()).isZero();
    assertThat(now.out()).startsWith("asked reconcile-" + customer + " to apply now what it held: env changed");
    assertThat(applied.get("lastOutcome").asText()).startsWith("completed (outside the maintenance windows: asked for now by ");

    String urgent = stack.commit("1.1.0", "it-host", webPort, "  web: { LOG_LEVEL: info }\n",
        "  web: { LOG_LEVEL: warn }\n" + window, "Urgent: true");
    stackctl("reconcile", "sync", customer);
    JsonNode fixed = awaitReconcile(s -> urgent.equals(s.get("appliedCommit").asText()) && s.get("running").isNull());
    assertThat(fixed.get("lastOutcome").asText())
        .isEqualTo("completed (outside the maintenance windows: the commit is marked Urgent: true)");
    assertThat(get("/version")).isEqualTo("1.1.0\n");
  }

  /**
   * An update whose application breaks after its migration (web listens on another port than its health check asks)
   * is rolled back: the operator sees what would be lost, accepts, and gets release 1.0.0 with the safety backup's
   * data; the reconcile loop then holds the broken commit instead of applying it again.
   */
  @Test
  void brokenUpdateIsRolledBackWithItsDataAndTheLoopStaysOnTheRollback() throws Exception {
    String good = stack.commit("1.0.0", "it-host", webPort);
    String repo = temp.resolve("repo").toUri().toString();
    worker = itWorker(TestEnvironment.releasesDir(), false);
    WorkflowClient client = worker.start();
    assertThat(stackctl("reconcile", "start", customer, "--repo", repo, "--poll", "PT1H").exitCode()).isZero();
    awaitReconcile(s -> good.equals(s.get("appliedCommit").asText()) && s.get("running").isNull());
    MariaDbShell db = new MariaDbShell(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1", "wk-secret");
    db.query("INSERT INTO demo.accounts (name, email) VALUES ('before-update', 'b@example.invalid')");

    String broken = stack.commit("1.1.0", "it-host", webPort, "LOG_LEVEL: info", "LOG_LEVEL: info, PORT: \"9999\"");
    stackctl("reconcile", "sync", customer);
    String attention = awaitStatus("NeedsAttention", 240);
    db.query("INSERT INTO demo.accounts (name, email) VALUES ('after-update', 'a@example.invalid')");
    assertThat(attention).contains("UpdateStack of " + customer + ": NeedsAttention at step 7/7 verify health");
    assertThat(db.query("SELECT plan FROM demo.accounts WHERE name = 'admin'")).as("V2 ran").containsExactly("premium");
    assertThat(stackctl("abort", customer, "--reason", "web does not come up on 1.1.0").exitCode()).isZero();
    awaitReconcile(s -> "waiting".equals(s.get("pendingChange").asText()));

    TestStack.Cli rollback = stackctl("rollback", customer, "--repo", repo);
    String confirm = awaitStatus("NeedsAttention", 120);
    TestStack.Cli refused = stackctl("retry", customer);
    TestStack.Cli accept = stackctl("accept", customer);
    TestStack.Cli watch = stackctl("watch", customer);
    OperationResult rolledBack = lastResult(client);

    assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
    assertThat(confirm).contains("RollbackStack of " + customer + ": NeedsAttention at step 4/11 confirm data loss")
        .containsPattern("restoring backup \\S+ \\(safety, release 1\\.0\\.0, commit " + good.substring(0, 7))
        .contains("gives up every write to " + customer + " since then; tables written since: accounts")
        .contains("stackctl accept " + customer);
    assertThat(refused.err()).contains("waits for confirmation: accept or abort");
    assertThat(accept.out()).isEqualTo("accept step 4/11 \"confirm data loss\"\n");
    assertThat(watch.exitCode()).as(watch.out()).isZero();
    assertThat(rolledBack.release()).isEqualTo("1.0.0");
    assertThat(rolledBack.commit()).isEqualTo(good);
    assertThat(rolledBack.steps()).filteredOn(s -> s.name().equals("restore backup over current data")).singleElement()
        .satisfies(s -> assertThat(s.note()).as("the dump was read ahead while the services stopped")
            .containsPattern("restored db\\.sql\\.zst of backup \\S+ into demo, replacing .*; read (and verified )?while "
                + "the services stopped \\("));
    assertThat(get("/version")).isEqualTo("1.0.0\n");
    assertThat(db.query("SELECT name FROM demo.accounts ORDER BY id")).as("the data of the safety backup")
        .containsExactly("admin", "demo", "before-update");
    assertThat(db.query("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'demo' "
        + "AND table_name = 'accounts' AND column_name = 'plan'")).containsExactly("0");
    assertThat(db.query("SELECT MAX(CAST(version AS UNSIGNED)) FROM demo.flyway_schema_history")).containsExactly("1");

    JsonNode held = awaitReconcile(s -> "RolledBack".equals(s.get("state").asText()));
    stackctl("reconcile", "sync", customer);
    Thread.sleep(3000);
    JsonNode later = awaitReconcile(s -> s.get("running").isNull());
    assertThat(held.get("appliedCommit").asText()).isEqualTo(good);
    assertThat(held.get("pendingReason").asText()).startsWith("rolled back from commit " + broken.substring(0, 8)
        + " to commit " + good.substring(0, 8));
    assertThat(later.get("state").asText()).isEqualTo("RolledBack");
    assertThat(lastResult(client).operation()).as("no operation after the rollback").isEqualTo("RollbackStack");
    assertThat(get("/version")).isEqualTo("1.0.0\n");
  }

  /**
   * A drill restores the newest backup onto a copy of the stack, compares it with the table fingerprints the backup
   * recorded, waits for health and removes the copy, leaving the running stack alone; a backup whose fingerprints do
   * not match what it holds fails the drill, naming the table.
   */
  @Test
  void drillProvesTheNewestBackupAndABackupThatDoesNotMatchItsFingerprintsFailsIt() throws Exception {
    stack.commit("1.0.0", "it-host", webPort);
    String repo = temp.resolve("repo").toUri().toString();
    worker = itWorker(TestEnvironment.releasesDir(), true);
    WorkflowClient client = worker.start();
    assertThat(stackctl("install", customer, "--repo", repo, "--wait").exitCode()).isZero();
    MariaDbShell db = new MariaDbShell(new ContainerExec(docker, TestEnvironment.dockerHost()), customer + "-db-1", "wk-secret");
    db.query("INSERT INTO demo.accounts (name, email) VALUES ('o''brien \\\\ (x)', 'o@example.invalid')");
    assertThat(stackctl("backup", customer, "--repo", repo, "--wait").exitCode()).isZero();
    String backupId = lastResult(client).backupWritten();
    Path backupDir = temp.resolve("backups").resolve(customer).resolve(backupId);
    JsonNode manifest = JSON.readTree(backupDir.resolve("manifest.json").toFile());

    TestStack.Cli drill = stackctl("drill", customer, "--repo", repo, "--wait");

    assertThat(manifest.get("tables").get("accounts").get("rows").asLong()).isEqualTo(3);
    assertThat(manifest.get("tables").get("accounts").get("checksum").asText()).matches("[0-9a-f]{16}");
    assertThat(drill.exitCode()).as(drill.out() + drill.err()).isZero();
    assertThat(drill.out()).contains("DrillStack of " + customer + " passed: backup " + backupId + " restored on it-host, "
        + "healthy after ").contains(" tables match the backup's fingerprints", "  remove drill on it-host: done");
    assertThat(docker.listContainersCmd().withShowAll(true).exec()).as("the drill copy is gone")
        .noneMatch(c -> c.getNames()[0].startsWith("/" + customer + "-drill"));
    assertThat(docker.listVolumesCmd().exec().getVolumes()).noneMatch(v -> v.getName().startsWith(customer + "-drill_"));
    assertThat(temp.resolve("stacks").resolve(customer + "-drill")).doesNotExist();
    assertThat(get("/version")).as("the running stack is untouched").isEqualTo("1.0.0\n");

    String forged = "20261201T000001Z-f00dbabe";
    Path forgedDir = Files.createDirectories(backupDir.resolveSibling(forged));
    for (String part : List.of("db.sql.zst", "files.tar.zst")) {
      Files.copy(backupDir.resolve(part), forgedDir.resolve(part));
    }
    Files.writeString(forgedDir.resolve("manifest.json"), Files.readString(backupDir.resolve("manifest.json"))
        .replace(backupId, forged).replaceFirst("(\"accounts\" : \\{\\s*\"rows\" : )3", "$14"));
    TestStack.Cli failed = stackctl("drill", customer, "--repo", repo, "--backup", forged, "--wait");

    assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(io.stackpilot.cli.Stackctl.RUN_FAILED);
    assertThat(failed.out()).contains("failed: backup " + forged + " restored data that does not match its fingerprints: "
        + "accounts: 4 rows in the backup, 3 restored");
    assertThat(docker.listVolumesCmd().exec().getVolumes()).as("a failed drill leaves nothing either")
        .noneMatch(v -> v.getName().startsWith(customer + "-drill_"));

    stack.commit("1.0.0", "it-host", webPort, "  exclude: [recordings, logs]\n",
        "  exclude: [recordings, logs]\ndrill: { every: P7D }\n");
    assertThat(stackctl("reconcile", "start", customer, "--repo", repo, "--poll", "PT1H").exitCode()).isZero();
    JsonNode scheduled = awaitReconcile(s -> !s.get("lastDrill").isNull() && s.get("running").isNull());
    String metrics = "";
    for (int i = 0; i < 100 && !metrics.contains("stackpilot_drill_passed{"); i++) {
      // the control worker reads the fleet's gauges from the loops' status every 30 s
      Thread.sleep(500);
      metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.metricsPort()
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
    assertThat(scheduled.get("lastDrill").asText()).as("the loop drilled on the schedule of stack.yaml")
        .startsWith("passed at ").contains("backup " + backupId + ", RTO ");
    assertThat(scheduled.get("nextDrillAt").asText()).isNotEmpty();
    assertThat(scheduled.get("state").asText()).isEqualTo("Watching");
    assertThat(metrics).containsPattern("stackpilot_drill_passed\\{[^}]*customer=\"" + customer + "\"[^}]*\\} 1\\.0")
        .containsPattern("stackpilot_drill_rto_seconds\\{[^}]*customer=\"" + customer + "\"[^}]*\\} \\d+")
        .containsPattern("stackpilot_drill_rpo_seconds\\{[^}]*customer=\"" + customer + "\"[^}]*\\} \\d+")
        .containsPattern("stackpilot_drill_last_timestamp_seconds\\{[^}]*customer=\"" + customer + "\"[^}]*\\} \\d")
        .containsPattern("stackpilot_backup_last_size_bytes\\{[^}]*customer=\"" + customer + "\"[^}]*\\} [1-9]")
        .containsPattern("stackpilot_operations_failed_total\\{[^}]*customer=\"" + customer + "\"[^}]*\\} 0\\.0")
        .containsPattern("stackpilot_host_lease_held\\{[^}]*host=\"it-host\"[^}]*\\} 1\\.0");
  }

  /** The worker with both roles for host it-host, releases from {@code releases}, metrics on a free port if asked. */
  private StackpilotWorker itWorker(Path releases, boolean metrics) {
    return itWorker(releases, metrics, WorkerConfig.Hooks.NONE);
  }

  private StackpilotWorker itWorker(Path releases, boolean metrics, WorkerConfig.Hooks hooks) {
    WorkerConfig config = new WorkerConfig(new WorkerConfig.Temporal(null, "default", null, null, null),
        List.of("control", "host-agent"), "it-host", TestEnvironment.dockerHost(), temp.resolve("stacks"),
        temp.resolve("git-cache"), releases.toString(), Map.of(), List.of(), List.of(), metrics ? "127.0.0.1:0" : null, 0)
        .withSafeguards(stack.safeguards()).withHooks(hooks).withNotifications(notifications);
    temporalPort = FreePorts.loopback();
    return new StackpilotWorker(config, temporalPort);
  }

  /** POSTs {@code payload} to the worker's git webhook with {@code headers} (name, value, …); the status and body. */
  private String[] push(String payload, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.hooksPort() + "/hooks/git"))
        .POST(HttpRequest.BodyPublishers.ofString(payload));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new String[] {String.valueOf(response.statusCode()), response.body()};
  }

  private static String githubSignature(String secret, String payload) {
    return "sha256=" + java.util.HexFormat.of().formatHex(GitProvider.hmac(secret, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private String awaitStatus(String state, int seconds) throws InterruptedException {
    for (int i = 0; i < seconds * 2; i++) {
      TestStack.Cli status = stackctl("status", customer);
      if (status.out().contains(state)) {
        return status.out();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the run never got to " + state + ": " + stackctl("status", customer).out());
  }

  private JsonNode awaitReconcile(java.util.function.Predicate<JsonNode> condition) throws Exception {
    JsonNode last = null;
    for (int i = 0; i < 240; i++) {
      TestStack.Cli status = stackctl("reconcile", "status", customer, "--output", "json");
      if (status.exitCode() == 0) {
        last = JSON.readTree(status.out());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the loop never got there: " + last);
  }

  private String awaitAttention() throws InterruptedException {
    for (int i = 0; i < 240; i++) {
      TestStack.Cli status = stackctl("status", customer);
      if (status.out().contains("NeedsAttention")) {
        return status.out();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the run never asked for attention: " + stackctl("status", customer).out());
  }

  private String get(String path) throws Exception {
    return TestStack.get(webPort, path);
  }
}
