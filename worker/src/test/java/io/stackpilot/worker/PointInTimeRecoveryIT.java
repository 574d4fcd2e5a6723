package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.ArchiveRequest;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.archive.ArchiveBinlogWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disaster with the binary log archived, on real parts: a control worker with the Temporal server, a host agent per
 * Docker Engine, the stack written to every second (a row with a sequence number and its time), its log archived every
 * 5 s. Host A is lost without warning (its agent gone, its containers and volumes removed); {@code stackctl migrate}
 * recovers the stack on the second engine from the store; then {@code --until} brings it back to host A as it was at a
 * chosen instant.
 */
class PointInTimeRecoveryIT {

  private static final String EVERY = "PT5S";

  private final DockerClient hostA = TestEnvironment.docker();
  private final DockerClient hostB = TestEnvironment.docker2();

  @TempDir
  Path temp;

  private TestStack stack;
  private StackpilotWorker control;
  private StackpilotWorker agentA;
  private StackpilotWorker agentB;
  private final int portA = TestStack.freePort();
  private final int portB = TestStack.freePort();

  @AfterEach
  void down() {
    for (StackpilotWorker worker : new StackpilotWorker[] {agentA, agentB, control}) {
      if (worker != null) {
        worker.close();
      }
    }
    if (stack != null) {
      stack.remove(hostA);
      stack.remove(hostB);
    }
  }

  private String commit(String host, int port) throws Exception {
    return stack.commit("1.0.0", host, port, "  exclude: [recordings, logs]\n",
        "  exclude: [recordings, logs]\n  binlog: { every: " + EVERY + " }\n");
  }

  private StackpilotWorker agent(String host, String dockerHost) {
    StackpilotWorker agent = new StackpilotWorker(stack.worker("127.0.0.1:" + stack.temporalPort, false, host, dockerHost), 0);
    agent.start();
    return agent;
  }

  @Test
  void aLostHostIsRecoveredToSecondsBeforeTheDisasterAndUntilGivesExactlyTheRowsUpToItsSecond() throws Exception {
    stack = new TestStack(temp);
    stack.temporalPort = TestStack.freePort();
    control = new StackpilotWorker(stack.worker(null, true, "it-control", TestEnvironment.dockerHost()), stack.temporalPort);
    WorkflowClient client = control.start();
    agentA = agent("it-a", TestEnvironment.dockerHost());
    commit("it-a", portA);
    assertThat(stack.stackctl("install", stack.customer, "--repo", stack.repoUrl(), "--wait").exitCode()).isZero();
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
    ArchiveStatus archiving = awaitArchive(archive, Duration.ofMinutes(3));
    Instant chained = Instant.now();
    sleep(15_000);

    // The disaster: the host is gone while the application writes; nothing is flushed or shipped on the way out.
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
    TestStack.Cli migrate = stack.stackctl("migrate", stack.customer, "--repo", stack.repoUrl(), "--from-host", "it-a",
        "--from-host-timeout", "PT5S", "--host-timeout", "PT10S");
    assertThat(migrate.exitCode()).as(migrate.out() + migrate.err()).isZero();
    waitForAttentionAt("stop old stack on it-a");
    assertThat(stack.stackctl("skip", stack.customer).exitCode()).isZero();
    TestStack.Cli watch = stack.stackctl("watch", stack.customer);
    OperationResult moved = client.newUntypedWorkflowStub(StackNames.operationId(stack.customer))
        .getResult(OperationResult.class);

    assertThat(watch.exitCode()).as(watch.out()).isZero();
    Map<Integer, Instant> recovered = rowsOf(shell(hostB, TestEnvironment.docker2Host()));
    int last = recovered.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    assertThat(recovered.keySet()).as("a gapless prefix of what was written, each row once")
        .containsExactlyElementsOf(written.keySet().stream().filter(seq -> seq <= last).toList());
    Instant bound = disaster.minus(Duration.parse(EVERY)).minusSeconds(30);
    assertThat(recovered).as("every row committed up to every + 30 s before the disaster")
        .containsAllEntriesOf(filter(written, at -> !at.isAfter(bound)));
    assertThat(moved.recoveredTo()).isNotNull();
    long rpo = Duration.between(Instant.parse(moved.recoveredTo()), disaster).toSeconds();
    System.out.println("point-in-time recovery: " + recovered.size() + " of " + written.size() + " rows, recovered to "
        + moved.recoveredTo() + ", " + rpo + " s before the disaster; archive was at " + archiving.lastFile());
    assertThat(moved.recovery()).contains("replayed", "archived segments");

    // A second inside the archive: after the backup that starts the chain, before the newest archived row.
    Instant until = recovered.get(last - 3);
    assertThat(until).isAfter(chained);
    agentA = agent("it-a", TestEnvironment.dockerHost());
    commit("it-a", portA);
    TestStack.Cli back = stack.stackctl("migrate", stack.customer, "--repo", stack.repoUrl(), "--from-host", "it-b",
        "--until", until.toString(), "--wait");

    assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
    TestStack.Cli catalog = stack.stackctl("backups", stack.customer, "--repo", stack.repoUrl());
    assertThat(catalog.out()).as(catalog.out()).containsPattern(archiving.chainBackup()
        + " +chain .* complete; then \\d+ binary log segments to ");
    TestStack.Cli verified = stack.stackctl("backups", "verify", stack.customer, archiving.chainBackup(), "--repo",
        stack.repoUrl());
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("binlog.000", "intact");
    assertThat(rowsOf(shell(hostA, TestEnvironment.dockerHost()))).as("exactly the rows up to the second of " + until)
        .isEqualTo(filter(written, at -> !at.truncatedTo(ChronoUnit.SECONDS).isAfter(until.truncatedTo(ChronoUnit.SECONDS))));
  }

  private static Map<Integer, Instant> filter(Map<Integer, Instant> rows, java.util.function.Predicate<Instant> keep) {
    Map<Integer, Instant> kept = new TreeMap<>(rows);
    kept.values().removeIf(keep.negate());
    return kept;
  }

  private ArchiveStatus awaitArchive(ArchiveBinlogWorkflow archive, Duration within) {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      ArchiveStatus status = archive.status();
      if (status.chainBackup() != null && status.lastFile() != null) {
        return status;
      }
      sleep(1000);
    }
    throw new AssertionError("the archive never started a chain: " + archive.status());
  }

  private MariaDbShell shell(DockerClient docker, String dockerHost) {
    return new MariaDbShell(new ContainerExec(docker, dockerHost), stack.customer + "-db-1", "wk-secret");
  }

  /** As the application writes: through the client, so that the write is in the binary log. */
  private void write(DockerClient docker, String dockerHost, String sql) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerExec.Outcome outcome = new ContainerExec(docker, dockerHost).run(stack.customer + "-db-1",
        List.of("mariadb", "--user=root", "demo", "--execute=" + sql), List.of("MYSQL_PWD=wk-secret"), null,
        OutputStream.nullOutputStream(), err, Duration.ofMinutes(1));
    if (!outcome.succeeded()) {
      throw new AssertionError(sql + ": " + err.toString(StandardCharsets.UTF_8));
    }
  }

  private static Map<Integer, Instant> rowsOf(MariaDbShell db) {
    Map<Integer, Instant> rows = new TreeMap<>();
    for (String row : db.query("SELECT seq, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM demo.calls ORDER BY seq")) {
      String[] columns = row.split("\t");
      rows.put(Integer.parseInt(columns[0]), Instant.parse(columns[1]));
    }
    return rows;
  }

  private void waitForAttentionAt(String step) {
    for (int i = 0; i < 600; i++) {
      TestStack.Cli status = stack.stackctl("status", stack.customer);
      if (status.out().contains("NeedsAttention") && status.out().contains(step)) {
        return;
      }
      sleep(500);
    }
    throw new AssertionError("the run never waited at " + step + ": " + stack.stackctl("status", stack.customer).out());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
