package io.stackpilot.bench;

import io.stackpilot.client.StatusQuery;
import io.stackpilot.model.StackRules;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The fleet on one control worker: how long a push takes to be applied by a stack's reconcile loop when the loop only
 * polls (every minute) and when the git server's webhook tells it, and what the control worker's process (the worker
 * with its embedded Temporal server, as {@code dev/demo} runs it) spends in heap and CPU, with no other loops and with
 * {@code fleet} of them, how long the dashboard's fleet page and {@code stackctl list} take to list them all (50th and
 * 95th percentile of 20 reads each), and the Temporal actions an idle stack costs per day.
 *
 * <p>The probe stack is installed by its loop on the local Docker Engine; its pushes change the repo but not the stack
 * (a README), so "applied" is the loop having fetched, decided and recorded the commit, the part a webhook speeds up.
 * The other loops each follow a repo of their own and poll it every 5 minutes; their stack.yaml names another customer,
 * so they fetch and validate at every poll and apply nothing: the control worker's cost of a loop, without the drift
 * checks and backups that installed stacks add on their host agents.
 */
final class FleetBench implements AutoCloseable {

  private static final String SECRET = "bench-hook-" + UUID.randomUUID();
  private static final PersonIdent AUTHOR = new PersonIdent("Bench", "bench@example.invalid");

  private final Path dir;
  private final int temporalPort = FreePorts.loopback();
  private final int hooksPort = FreePorts.loopback();
  private final int dashboardPort = FreePorts.loopback();
  private final String probe = "fleet-probe-" + UUID.randomUUID().toString().substring(0, 6);
  private final HttpClient http = HttpClient.newHttpClient();
  private Process worker;
  private WorkflowClient client;
  private Git probeRepo;
  private int loops;

  FleetBench(Path work) throws IOException {
    this.dir = Files.createDirectories(work.resolve("fleet"));
  }

  /** For each fleet size (loops besides the probe, ascending): push-to-applied with and without webhook, heap and CPU. */
  List<Measurement> measure(int runs, List<Integer> fleets) throws Exception {
    start();
    Measurement polled = Measurement.alone("push to applied, loop polling every minute (no webhook)",
        "ReconcileStack on the control worker", "≤ 60 s (the poll interval)", "s", 60);
    Measurement hooked = Measurement.alone("push to applied, GitHub push webhook", "POST /hooks/git → sync signal",
        "≤ 5 s", "s", 5);
    List<Measurement> lines = new ArrayList<>();
    long baseHeap = 0;
    for (int fleet : fleets) {
      grow(fleet);
      Bench.log("fleet of " + fleet + " other loops: settling, then CPU over 60 s");
      Thread.sleep(15_000);
      double cpu = cpuPercent(60);
      long heap = heapAfterGc();
      long rss = rss();
      Measurement withHook = Measurement.alone(hooked.work + ", " + fleet + " other loops", hooked.stackpilot,
          hooked.target, "s", 5);
      Measurement withoutHook = Measurement.alone(polled.work + ", " + fleet + " other loops", polled.stackpilot,
          polled.target, "s", 60);
      for (int run = 0; run < runs; run++) {
        withoutHook.ours.add(pushAndWait(false));
        withHook.ours.add(pushAndWait(true));
      }
      List<Double> pages = new ArrayList<>();
      List<Double> lists = new ArrayList<>();
      for (int sample = 0; sample < READS; sample++) {
        pages.add(fleetPage(fleet + 1));
        lists.add(stackctlList());
      }
      double actions = actionsPerStackPerDay(fleet);
      Measurement cpuLine = Measurement.alone("control worker CPU, " + fleet + " other loops polling every 5 min",
          "worker + embedded Temporal, 60 s average", "≤ 100 % of one core", "% of a core", 100);
      cpuLine.ours.add(cpu);
      Measurement heapLine = Measurement.alone("control worker heap after GC, " + fleet + " other loops",
          "worker + embedded Temporal (-Xmx" + HEAP + "); RSS " + (rss >> 20) + " MiB", "≤ 1024 MiB", "MiB", 1024);
      heapLine.ours.add((double) (heap >> 20));
      lines.add(withoutHook);
      lines.add(withHook);
      lines.add(percentile("dashboard fleet page, " + (fleet + 1) + " stacks", "GET / (read from the fleet index)",
          pages, 50));
      lines.add(percentile("dashboard fleet page, " + (fleet + 1) + " stacks", "GET / (read from the fleet index)",
          pages, 95));
      lines.add(percentile("stackctl list, " + (fleet + 1) + " stacks", "stackctl list --output json (in process)",
          lists, 50));
      lines.add(percentile("stackctl list, " + (fleet + 1) + " stacks", "stackctl list --output json (in process)",
          lists, 95));
      if (!Double.isNaN(actions)) {
        Measurement billed = Measurement.alone("Temporal actions per idle stack per day, " + fleet + " other loops",
            "idle loop polling every 5 min: billable events per poll × polls a day, + the fleet index's share",
            "reported", "actions", Double.MAX_VALUE);
        billed.ours.add(actions);
        lines.add(billed);
      }
      lines.add(cpuLine);
      lines.add(heapLine);
      if (fleet == fleets.get(0)) {
        baseHeap = heap;
      } else {
        Measurement perLoop = Measurement.alone("heap per reconcile loop (" + fleet + " loops vs " + fleets.get(0) + ")",
            "worker + embedded Temporal, after GC", "≤ 1024 KiB", "KiB", 1024);
        perLoop.ours.add((heap - baseHeap) / 1024.0 / (fleet - fleets.get(0)));
        lines.add(perLoop);
      }
    }
    return lines;
  }

  private void start() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Path config = Files.writeString(dir.resolve("worker.yaml"), String.join("\n",
        "roles: [control, host-agent]",
        "host: bench-fleet",
        "docker: { host: \"" + TestEnvironment.dockerHost() + "\" }",
        "stacksDir: " + dir.resolve("stacks"),
        "gitCacheDir: " + dir.resolve("git-cache"),
        "releaseStore: " + TestEnvironment.releasesDir(),
        "secrets: { dir: " + secrets + " }",
        "backupStores: { \"*\": [\"file://" + dir.resolve("backups") + "/{customer}\"] }",
        "hooks: { address: \"127.0.0.1:" + hooksPort + "\", github: { secret: env:BENCH_HOOK_SECRET } }",
        "dashboard: { address: \"127.0.0.1:" + dashboardPort + "\", publicRead: true }", ""));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + HEAP, "-cp", System.getProperty("java.class.path"), "io.stackpilot.worker.Main", "--dev", "--config",
        config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
    builder.environment().put("STACKPILOT_EMBEDDED_PORT", String.valueOf(temporalPort));
    builder.environment().put("BENCH_HOOK_SECRET", SECRET);
    builder.environment().put(StackRules.envPrefix(probe) + "DB_ROOT_PASSWORD", "bench-secret");
    worker = builder.start();
    for (int i = 0; i < 120 && !Files.readString(dir.resolve("worker.log")).contains("polling stackpilot"); i++) {
      if (!worker.isAlive()) {
        throw new IllegalStateException("the worker stopped: " + Files.readString(dir.resolve("worker.log")));
      }
      Thread.sleep(500);
    }
    client = WorkflowClient.newInstance(WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + temporalPort).build()), WorkflowClientOptions.newBuilder()
        .setDataConverter(StackpilotDataConverter.create()).build());
    probeRepo = Git.init().setDirectory(dir.resolve("probe").toFile()).setInitialBranch("main").call();
    commit(probeRepo, "stack.yaml", sample(probe, probe, "bench-fleet", FreePorts.lasting()));
    Bench.log("installing the probe stack " + probe + " through its loop");
    startLoop(probe, probeRepo, "PT1M");
    await(probe, s -> s.appliedCommit() != null && s.running() == null, 600);
  }

  /** Starts loops until {@code fleet} others run, and waits until each has polled once. */
  private void grow(int fleet) throws Exception {
    if (fleet <= loops) {
      return;
    }
    Bench.log("starting " + (fleet - loops) + " more reconcile loops");
    List<String> started = new ArrayList<>();
    for (int i = loops; i < fleet; i++) {
      String customer = String.format(Locale.ROOT, "fleet-idle-%04d", i);
      try (Git repo = Git.init().setDirectory(dir.resolve(customer).toFile()).setInitialBranch("main").call()) {
        commit(repo, "stack.yaml", sample("someone-else", customer, "bench-idle", 8080));
        startLoop(customer, repo, IDLE_POLL);
      }
      started.add(customer);
    }
    loops = fleet;
    for (String customer : started) {
      await(customer, s -> s.lastPollAt() != null, 600);
    }
  }

  /** Commits a README change to the probe's repo and waits until its loop applied it; seconds. */
  private double pushAndWait(boolean webhook) throws Exception {
    if (!webhook) {
      // A push lands anywhere in the poll interval: started at a random point of it, as pushes are.
      Thread.sleep((long) (Math.random() * 60_000));
    }
    String commit = commit(probeRepo, "README.md", "pushed at " + System.nanoTime() + "\n");
    long start = System.nanoTime();
    if (webhook) {
      String payload = "{\"ref\":\"refs/heads/main\",\"after\":\"" + commit + "\",\"repository\":{\"clone_url\":\""
          + repoUrl(probeRepo) + "\"}}";
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hooksPort + "/hooks/git"))
          .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", "sha256=" + hmac(payload))
          .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() / 100 != 2 || !answer.body().contains(StackNames.reconcileId(probe))) {
        throw new IllegalStateException("the webhook did not sync the probe's loop: " + answer.statusCode() + " " + answer.body());
      }
    }
    await(probe, s -> commit.equals(s.appliedCommit()), 180);
    return (System.nanoTime() - start) / 1e9;
  }

  /** How often the fleet page and stackctl list are read at each fleet size, for their 50th and 95th percentile. */
  private static final int READS = 20;
  /** The control worker's heap limit, with the embedded test server's histories in the same JVM. */
  private static final String HEAP = "1536m";
  /** The idle loops poll as a fleet of thousands would be set up to. */
  private static final String IDLE_POLL = "PT5M";

  private static Measurement percentile(String work, String how, List<Double> seconds, int p) {
    List<Double> sorted = seconds.stream().sorted().toList();
    Measurement line = Measurement.alone(work + ", p" + p + " of " + seconds.size() + " reads", how, "≤ 1 s", "s", 1);
    line.ours.add(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    return line;
  }

  /**
   * Seconds stackctl list takes (in this JVM, so without its start-up); it reads every stack, and lists those that ran
   * an operation: the probe.
   */
  private double stackctlList() throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = io.stackpilot.cli.Stackctl.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
    long start = System.nanoTime();
    int code = cli.execute("list", "--address", "127.0.0.1:" + temporalPort, "--output", "json");
    double seconds = (System.nanoTime() - start) / 1e9;
    int listed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString()).size();
    if (code != 0 || listed != 1) {
      throw new IllegalStateException("stackctl list listed " + listed + " stacks, not the probe alone (exit " + code + ")");
    }
    return seconds;
  }

  /**
   * What Temporal Cloud would bill an idle stack per day: the billable events of up to 20 idle loops per complete poll
   * (from one poll's timer to the next), times the polls of a day, plus the fleet index's events per stack and day.
   * NaN without idle loops or before a loop completed a poll.
   */
  private double actionsPerStackPerDay(int fleet) {
    if (fleet == 0) {
      return Double.NaN;
    }
    long billed = 0;
    long polls = 0;
    for (int i = 0; i < Math.min(20, fleet); i++) {
      List<io.temporal.api.history.v1.HistoryEvent> events = client.fetchHistory(
          StackNames.reconcileId(String.format(Locale.ROOT, "fleet-idle-%04d", i))).getEvents();
      long inCycles = 0;
      long sinceTimer = -1;
      for (io.temporal.api.history.v1.HistoryEvent e : events) {
        if (e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED) {
          if (sinceTimer >= 0) {
            inCycles += sinceTimer;
            polls++;
          }
          sinceTimer = 0;
        }
        if (sinceTimer >= 0 && BILLED.contains(e.getEventType())) {
          sinceTimer++;
        }
      }
      billed += inCycles;
    }
    if (polls == 0) {
      return Double.NaN;
    }
    double perDay = (double) billed / polls * (86_400.0 / java.time.Duration.parse(IDLE_POLL).toSeconds());
    List<io.temporal.api.history.v1.HistoryEvent> index = client.fetchHistory(StackNames.FLEET_INDEX).getEvents();
    long indexBilled = index.stream().filter(e -> BILLED.contains(e.getEventType())).count();
    long indexSeconds = Math.max(1, index.get(index.size() - 1).getEventTime().getSeconds()
        - index.get(0).getEventTime().getSeconds());
    return perDay + (double) indexBilled / indexSeconds * 86_400 / (fleet + 1);
  }

  private static final java.util.Set<io.temporal.api.enums.v1.EventType> BILLED = java.util.EnumSet.of(
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED,
      io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED);

  /** Seconds the dashboard takes to answer the fleet page, which must list {@code stacks} stacks. */
  private double fleetPage(int stacks) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/"))
        .build(), HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (page.statusCode() != 200 || !page.body().contains(stacks + " of " + stacks + " stacks")) {
      throw new IllegalStateException("the fleet page did not list " + stacks + " stacks: " + page.statusCode() + " "
          + page.body().substring(0, Math.min(400, page.body().length())));
    }
    return seconds;
  }

  private void startLoop(String customer, Git repo, String poll) {
    ReconcileStackWorkflow loop = client.newWorkflowStub(ReconcileStackWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.reconcileId(customer)).setTaskQueue(StackNames.TASK_QUEUE).build());
    WorkflowClient.start(loop::reconcile, new ReconcileRequest(repoUrl(repo), "main", poll, null, null, null));
  }

  private ReconcileStatus await(String customer, Predicate<ReconcileStatus> done, int seconds) throws InterruptedException {
    ReconcileStatus last = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < until) {
      try {
        last = new StatusQuery(client).ask(StackNames.reconcileId(customer), null, ReconcileStatus.class);
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException notYet) {
        // the loop's first task has not run yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("reconcile-" + customer + " did not get there in " + seconds + " s: " + last);
  }

  /** Percent of one core the worker process used over {@code seconds}, from /proc. */
  private double cpuPercent(int seconds) throws Exception {
    long before = cpuTicks();
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long ticks = cpuTicks() - before;
    // USER_HZ is 100 on Linux.
    return ticks / 100.0 / ((System.nanoTime() - start) / 1e9) * 100;
  }

  private long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(worker.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(worker.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
      }
    }
    return 0;
  }

  /** The worker's used heap right after a full collection, as jcmd reports it. */
  private long heapAfterGc() {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Shell.run(jcmd + " " + worker.pid() + " GC.run", java.util.Map.of());
    String info = Shell.run(jcmd + " " + worker.pid() + " GC.heap_info", java.util.Map.of());
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("jcmd GC.heap_info said: " + info);
    }
    return Long.parseLong(used.group(1)) << 10;
  }

  private String sample(String customer, String password, String host, int webPort) throws IOException {
    return Files.readString(Path.of("..", "config-samples", "customer-acme", "stack.yaml"))
        .replace("customer: acme", "customer: " + customer).replace("host: acme-prod-1", "host: " + host)
        .replace("env:ACME__DB_ROOT_PASSWORD", "env:" + StackRules.envPrefix(password) + "DB_ROOT_PASSWORD")
        .replace("file:///var/backups/stackpilot/acme", "file://" + dir.resolve("backups").resolve(customer))
        .replace("secrets:\n", "ports:\n  web: { \"8080\": " + webPort + " }\nsecrets:\n");
  }

  private static String commit(Git repo, String file, String content) throws Exception {
    Files.writeString(repo.getRepository().getWorkTree().toPath().resolve(file), content);
    repo.add().addFilepattern(file).call();
    return repo.commit().setMessage("bench: " + file).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call().getName();
  }

  private static String repoUrl(Git repo) {
    return repo.getRepository().getWorkTree().toPath().toUri().toString();
  }

  private static String hmac(String payload) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
  }

  /** The worker stopped and the probe's containers and volumes removed. */
  @Override
  public void close() {
    if (worker != null) {
      worker.destroy();
      try {
        worker.waitFor(40, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker.destroyForcibly();
    }
    new io.stackpilot.activities.compose.ComposeApplier(TestEnvironment.docker(), java.time.Duration.ofMinutes(1),
        io.stackpilot.activities.compose.RegistryCredentials.none()).down(probe);
    for (String volume : new String[] {"db-data", "app-data"}) {
      try {
        TestEnvironment.docker().removeVolumeCmd(probe + "_" + volume).exec();
      } catch (RuntimeException gone) {
        // never created
      }
    }
  }
}
