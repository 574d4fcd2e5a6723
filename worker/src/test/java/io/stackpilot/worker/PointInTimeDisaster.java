package io.stackpilot.worker;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.ArchiveRequest;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.archive.ArchiveBinlogWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A disaster with the binary log archived, on real parts, for PointInTimeRecoveryIT and dev/bench: a control worker
 * with the Temporal server and a host agent per Docker Engine; the stack, installed on host A, is written to every
 * second (a row with a sequence number and its time) and its log archived every {@code every}. Host A is lost without
 * warning — its agent gone, its containers and volumes removed, nothing flushed or shipped on the way out — and
 * {@code stackctl migrate} recovers the stack on the second engine from the store.
 */
public final class PointInTimeDisaster implements AutoCloseable {

  /** What was written and what came back: RPO from the disaster to the point recovered, RTO until the web answered. */
  record Outcome(Map<Integer, Instant> written, Map<Integer, Instant> recovered, Instant disaster, Instant chained,
      ArchiveStatus archiving, String metricsBefore, OperationResult moved, double secondsToAnswer) {

    double rpoSeconds() {
      return Duration.between(Instant.parse(moved.recoveredTo()), disaster).toMillis() / 1000.0;
    }
  }

  /** The numbers dev/bench reports. */
  public record Objectives(double rpoSeconds, double rtoSeconds, int rowsWritten, int rowsRecovered) {}

  final String every;
  final TestStack stack;
  final WorkflowClient client;
  private final DockerClient hostA = TestEnvironment.docker();
  private final DockerClient hostB = TestEnvironment.docker2();
  private final StackpilotWorker control;
  StackpilotWorker agentA;
  StackpilotWorker agentB;
  final int portA = FreePorts.lasting();
  final int portB = FreePorts.lasting();

  PointInTimeDisaster(Path dir, String every) throws Exception {
    this.every = every;
    stack = new TestStack(dir);
    stack.temporalPort = FreePorts.loopback();
    control = new StackpilotWorker(stack.worker(null, true, "it-control", TestEnvironment.dockerHost())
        .withMetricsAddress("127.0.0.1:0"), stack.temporalPort);
    client = control.start();
  }

  /** The disaster, measured: for dev/bench. */
  public static Objectives measure(Path dir, String every) throws Exception {
    try (PointInTimeDisaster disaster = new PointInTimeDisaster(dir, every)) {
      Outcome outcome = disaster.loseHostA();
      return new Objectives(outcome.rpoSeconds(), outcome.secondsToAnswer(), outcome.written().size(),
          outcome.recovered().size());
    }
  }

  String commit(String host, int port) throws Exception {
    return stack.commit("1.0.0", host, port, "  exclude: [recordings, logs]\n",
        "  exclude: [recordings, logs]\n  binlog: { every: " + every + " }\n");
  }

  StackpilotWorker agent(String host, String dockerHost) {
    StackpilotWorker agent = new StackpilotWorker(stack.worker("127.0.0.1:" + stack.temporalPort, false, host, dockerHost), 0);
    agent.start();
    return agent;
  }

  /**
   * Installs on host A, writes, archives, loses host A 15 s after the archive started its chain and migrates to host B,
   * timed until the web service there answers; returns once the migration has ended.
   */
  Outcome loseHostA() throws Exception {
    agentA = agent("it-a", TestEnvironment.dockerHost());
    commit("it-a", portA);
    TestStack.Cli install = stack.stackctl("install", stack.customer, "--repo", stack.repoUrl(), "--wait");
    if (install.exitCode() != 0) {
      throw new IllegalStateException("install failed: " + install.out() + install.err());
    }
    MariaDbShell dbA = shell(hostA, TestEnvironment.dockerHost());
    write(hostA, TestEnvironment.dockerHost(), "CREATE TABLE calls (seq INT PRIMARY KEY, at DATETIME(6) NOT NULL)");

    ArchiveBinlogWorkflow archive = client.newWorkflowStub(ArchiveBinlogWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.archiveId(stack.customer)).setTaskQueue(StackNames.TASK_QUEUE).build());
    WorkflowClient.start(archive::archive, new ArchiveRequest(stack.repoUrl(), "main", null, "PT20S", null));
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread application = new Thread(() -> {
      for (int seq = 1; writing.get(); seq++) {
        write(hostA, TestEnvironment.dockerHost(), "INSERT INTO calls (seq, at) VALUES (" + seq + ", NOW(6))");
        sleep(1000);
      }
    }, "application");
    application.start();
    ArchiveStatus archiving = awaitArchive(archive, s -> s.chainBackup() != null && s.lastFile() != null,
        Duration.ofMinutes(3));
    Instant chained = Instant.now();
    sleep(15_000);
    String metricsBefore = archiveMetrics();

    agentA.close();
    agentA = null;
    Instant disaster = Instant.now();
    writing.set(false);
    application.join();
    Map<Integer, Instant> written = rowsOf(dbA);
    stack.removeFromHost(hostA);
    client.newUntypedWorkflowStub(StackNames.archiveId(stack.customer)).terminate("host it-a is lost");

    agentB = agent("it-b", TestEnvironment.docker2Host());
    commit("it-b", portB);
    long started = System.nanoTime();
    TestStack.Cli migrate = stack.stackctl("migrate", stack.customer, "--repo", stack.repoUrl(), "--from-host", "it-a",
        "--from-host-timeout", "PT5S", "--host-timeout", "PT10S");
    if (migrate.exitCode() != 0) {
      throw new IllegalStateException("stackctl migrate failed: " + migrate.out() + migrate.err());
    }
    awaitWeb(portB);
    double secondsToAnswer = (System.nanoTime() - started) / 1e9;
    // Host A never answers: the operator skips stopping the old stack there.
    waitForAttentionAt("stop old stack on it-a");
    TestStack.Cli skip = stack.stackctl("skip", stack.customer);
    TestStack.Cli watch = stack.stackctl("watch", stack.customer);
    if (skip.exitCode() != 0 || watch.exitCode() != 0) {
      throw new IllegalStateException("the migration did not end well: " + skip.out() + skip.err() + watch.out());
    }
    OperationResult moved = client.newUntypedWorkflowStub(StackNames.operationId(stack.customer))
        .getResult(OperationResult.class);
    Map<Integer, Instant> recovered = rowsOf(shell(hostB, TestEnvironment.docker2Host()));
    return new Outcome(written, recovered, disaster, chained, archiving, metricsBefore, moved, secondsToAnswer);
  }

  /** The control worker's /metrics once its fleet gauges show the archive archiving. */
  private String archiveMetrics() throws Exception {
    HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.metricsPort() + "/metrics"))
        .build();
    String archiving = "stackpilot_binlog_archive_state{customer=\"" + stack.customer + "\",state=\"archiving\"} 1.0";
    String metrics = "";
    for (Instant deadline = Instant.now().plus(StackpilotWorker.FLEET_GAUGES_EVERY.multipliedBy(3));
        Instant.now().isBefore(deadline) && !metrics.contains(archiving); ) {
      metrics = HttpClient.newHttpClient().send(scrape, HttpResponse.BodyHandlers.ofString()).body();
      Thread.sleep(500);
    }
    return metrics;
  }

  private static void awaitWeb(int port) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest version = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version")).build();
    for (Instant deadline = Instant.now().plus(Duration.ofMinutes(5)); Instant.now().isBefore(deadline); ) {
      try {
        if (http.send(version, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException refused) {
        // not up yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the recovered stack's web service never answered on port " + port);
  }

  /** The archive's status once {@code reached} holds; fails after {@code within}. */
  static ArchiveStatus awaitArchive(ArchiveBinlogWorkflow archive, Predicate<ArchiveStatus> reached, Duration within) {
    Instant deadline = Instant.now().plus(within);
    ArchiveStatus status = archive.status();
    while (!reached.test(status)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the archive did not get there within " + within + ": " + status);
      }
      sleep(500);
      status = archive.status();
    }
    return status;
  }

  MariaDbShell shell(DockerClient docker, String dockerHost) {
    return new MariaDbShell(new ContainerExec(docker, dockerHost), stack.customer + "-db-1", "wk-secret");
  }

  /** As the application writes: through the client, so that the write is in the binary log. */
  private void write(DockerClient docker, String dockerHost, String sql) {
    write(docker, dockerHost, stack.customer + "-db-1", sql);
  }

  /** As an application writes into {@code container}'s database demo, through the client: into the binary log. */
  static void write(DockerClient docker, String dockerHost, String container, String sql) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome = new ContainerExec(docker, dockerHost).run(container,
        List.of("mariadb", "--user=root", "demo", "--execute=" + sql), List.of("MYSQL_PWD=wk-secret"), null,
        OutputStream.nullOutputStream(), err, Duration.ofMinutes(1));
    if (!outcome.succeeded()) {
      throw new IllegalStateException(sql + ": " + err.toString(StandardCharsets.UTF_8));
    }
  }

  static Map<Integer, Instant> rowsOf(MariaDbShell db) {
    Map<Integer, Instant> rows = new TreeMap<>();
    for (String row : db.query("SELECT seq, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM demo.calls ORDER BY seq")) {
      String[] columns = row.split("\t");
      rows.put(Integer.parseInt(columns[0]), Instant.parse(columns[1]));
    }
    return rows;
  }

  void waitForAttentionAt(String step) {
    for (int i = 0; i < 600; i++) {
      TestStack.Cli status = stack.stackctl("status", stack.customer);
      if (status.out().contains("NeedsAttention") && status.out().contains(step)) {
        return;
      }
      sleep(500);
    }
    throw new IllegalStateException("the run never waited at " + step + ": " + stack.stackctl("status", stack.customer).out());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (StackpilotWorker worker : new StackpilotWorker[] {agentA, agentB, control}) {
      if (worker != null) {
        worker.close();
      }
    }
    stack.remove(hostA);
    stack.remove(hostB);
  }
}
