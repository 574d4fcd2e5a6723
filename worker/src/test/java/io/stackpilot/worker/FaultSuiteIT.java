package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.BackupVerifier;
import io.stackpilot.activities.store.RecoveryPlanner;
import io.stackpilot.activities.store.SegmentArchive;
import io.stackpilot.activities.store.StoreLocations;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.ArchiveRequest;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.PartCheck;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.archive.ArchiveBinlogWorkflow;
import io.stackpilot.workflows.client.StackOperations;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The fault suite, on real parts: a worker process is killed (SIGKILL) while each step of an install, an update, a
 * backup and a migration runs, and started again — the host agent of the host a host step runs on, the control worker
 * during a control step (and once while a host step runs); an Engine restart, a store outage, a dump slower than the
 * heartbeat timeout and an altered newest backup are survived too. After each: the run completed without an operator
 * (the altered backup: with the operator's choice of the previous one), the stack is healthy, its tables equal the
 * backup's, every complete backup verifies and each run wrote at most one. It prints what it survived and ends with a
 * summary line.
 *
 * <p>Temporal's test server runs in this JVM; it never moves a dead worker's sticky workflow tasks back to the task
 * queue (a real server does after five seconds), so the control worker runs without sticky execution. Runs use a 10 s
 * heartbeat timeout, so a killed step is retried within seconds.
 *
 * <p>It takes a quarter of an hour, mostly waiting for heartbeat timeouts: it runs beside the other test classes, and
 * takes what it disrupts to itself ({@link SharedEngines}) only while it removes images or restarts an engine.
 */
@Execution(ExecutionMode.CONCURRENT)
class FaultSuiteIT {

  private static final String HOST = "it-faults";
  /** The second host: the second Docker Engine dev/env starts, its agent in this JVM. */
  private static final String HOST_B = "it-faults-b";
  private static final String HEARTBEAT = "PT10S";
  /** The activity behind each step a kill lands in. */
  private static final Map<String, String> ACTIVITY = Map.ofEntries(Map.entry("prepare host", "PrepareHost"),
      Map.entry("pull images", "PullImages"), Map.entry("start database", "StartDatabase"),
      Map.entry("restore if empty", "RestoreIfEmpty"), Map.entry("migrate database", "MigrateDatabase"),
      Map.entry("start services", "StartServices"), Map.entry("verify health", "VerifyHealth"),
      Map.entry("safety backup", "UploadBackupParts"), Map.entry("dump and upload", "UploadBackupParts"),
      Map.entry("final backup on " + HOST, "UploadBackupParts"), Map.entry("stop old stack on " + HOST, "StopStack"),
      Map.entry("verify parts", "VerifyBackupParts"), Map.entry("resolve desired state", "FetchDesiredState"),
      Map.entry("write manifest", "WriteBackupManifest"), Map.entry("seed backup", "FindBackup"));
  /** Steps whose activities run on the control worker. */
  private static final java.util.Set<String> CONTROL_STEPS = java.util.Set.of("resolve desired state", "seed backup",
      "verify parts", "write manifest");

  private final DockerClient docker = TestEnvironment.docker();
  private final DockerClient docker2 = TestEnvironment.docker2();

  @TempDir
  Path temp;

  private TestStack stack;
  private AzuriteProcess azurite;
  /** Temporal's test server, in this JVM: the workers around it are the processes the suite kills. */
  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs service;
  private WorkerProcess control;
  private WorkerProcess agentB;
  private WorkerProcess agent;
  private WorkflowClient client;
  private int webPort;
  private final int webPortB = FreePorts.lasting();
  private final long startedAt = System.nanoTime();
  private int killPoints;
  private int killsSurvived;
  private int killsInside;
  private int faults;
  private int faultsSurvived;

  @AfterEach
  void down() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (agentB != null) {
      agentB.close();
    }
    if (control != null) {
      control.close();
    }
    if (service != null) {
      service.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
    if (stack != null) {
      stack.remove(docker);
      stack.removeFromHost(docker2);
    }
    if (azurite != null) {
      azurite.close();
    }
  }

  @Test
  void everyStepSurvivesItsWorkerKilledAndEveryFaultIsSurvived() throws Exception {
    String source = installWithDataAndBackUp();
    Map<String, String> sourceTables = checksums();
    report("installed, filled and backed up: " + source);

    for (String step : List.of("resolve desired state", "prepare host", "pull images", "start database",
        "restore if empty", "migrate database", "start services", "verify health")) {
      stack.removeFromHost(docker);
      OperationResult result;
      // Until the images are back, no other test class may look for them.
      try (SharedEngines.Exclusive alone = step.equals("pull images") ? SharedEngines.imagesAlone() : null) {
        if (alone != null) {
          removeReleaseImages();
        }
        result = killDuring(step, () -> operations().start("InstallStack", stack.customer,
            new InstallRequest(stack.repoUrl(), "main", null, source, HEARTBEAT), "install"));
      }
      assertThat(result.backupUsed()).isEqualTo(source);
      assertThat(checksums()).as("the tables after a kill during " + step).isEqualTo(sourceTables);
      assertThat(db().query("SELECT backup_id, state FROM stackpilot.restores")).containsExactly(source + "\tcomplete");
      assertThat(db().query("SELECT @@global.innodb_flush_log_at_trx_commit")).as("durability as before the restore, "
          + "after a kill during " + step).containsExactly("1");
      assertHealthy("1.0.0");
    }

    stack.commit("1.0.0", HOST, webPort, "LOG_LEVEL: info", "LOG_LEVEL: debug");
    int before = backups().size();
    OperationResult safety = killDuring("safety backup", update());
    assertOneNewVerifiedBackup(before, safety.backupWritten());
    assertThat(checksums()).isEqualTo(sourceTables);

    List<String> updateSteps = List.of("resolve desired state", "prepare host", "pull images", "start services",
        "verify health");
    for (String step : updateSteps) {
      stack.commit("1.0.0", HOST, webPort, "LOG_LEVEL: info",
          "LOG_LEVEL: " + (updateSteps.indexOf(step) % 2 == 0 ? "warn" : "debug"));
      killDuring(step, update());
      assertThat(checksums()).as("the tables after a kill during " + step + " of an update").isEqualTo(sourceTables);
      assertHealthy("1.0.0");
    }

    stack.commit("1.1.0", HOST, webPort, "LOG_LEVEL: info", "LOG_LEVEL: warn");
    OperationResult migrated = killDuring("migrate database", update());
    assertThat(migrated.migrationsApplied()).as("V2 by this attempt, or by the killed one before it")
        .isSubsetOf("V2 account plans");
    assertThat(db().query("SELECT COUNT(*) FROM demo.flyway_schema_history WHERE version = '2' AND success = 1"))
        .as("V2 applied once").containsExactly("1");
    assertThat(checksums()).as("tables V2 does not touch").containsEntry("demo.bulk", sourceTables.get("demo.bulk"))
        .containsEntry("demo.notes", sourceTables.get("demo.notes"));
    assertHealthy("1.1.0");

    before = backups().size();
    OperationResult backup = killDuring("dump and upload", backup());
    assertOneNewVerifiedBackup(before, backup.backupWritten());

    Map<String, String> beforeControlKills = checksums();
    String written = null;
    for (String step : List.of("resolve desired state", "verify parts", "write manifest")) {
      before = backups().size();
      written = killDuring(step, backup()).backupWritten();
      assertOneNewVerifiedBackup(before, written);
    }
    String controlSource = written;
    for (String step : List.of("seed backup", "restore if empty")) {
      stack.removeFromHost(docker);
      OperationResult reinstalled = killDuring(step, () -> operations().start("InstallStack", stack.customer,
          new InstallRequest(stack.repoUrl(), "main", null, controlSource, HEARTBEAT), "install"), control);
      assertThat(reinstalled.backupUsed()).isEqualTo(controlSource);
      assertThat(checksums()).as("the tables after the control worker was killed during " + step)
          .isEqualTo(beforeControlKills);
      assertHealthy("1.1.0");
    }

    slowDumpCompletesWithoutAnOperator();
    storeOutageDuringAnUploadIsSurvived();
    Map<String, String> beforeMoving = checksums(docker);
    migrationsSurviveTheirWorkersKilled(beforeMoving);
    engineRestartDuringStartServicesIsSurvived(beforeMoving);
    unusableNewestBackupIsNamedAndThePreviousOneInstalls(beforeMoving);
    archiveSurvivesItsShipperKilledAndTheStoreGoneForAMinute();

    report("kill points survived " + killsSurvived + "/" + killPoints + " (" + killsInside
        + " inside their step), faults survived " + faultsSurvived + "/" + faults);
    assertThat(killsSurvived).isEqualTo(killPoints);
    assertThat(faultsSurvived).isEqualTo(faults);
  }

  /**
   * The stack moves between the two hosts eleven times, a worker killed during another step of the migration each
   * time: the old host's agent during the final backup and while the old stack stops, the new host's agent during each
   * of its steps, the control worker during resolve and seed. The moved stack holds the final backup's tables, serves
   * its release, and the old host keeps no running container of it.
   */
  private void migrationsSurviveTheirWorkersKilled(Map<String, String> tables) throws Exception {
    agentB = hostAgent(HOST_B, TestEnvironment.docker2Host(), "stacks-b");
    String[] steps = {"final backup on " + HOST, "restore if empty", "stop old stack on " + HOST, "resolve desired state",
        "seed backup", "prepare host", "pull images", "start database", "migrate database", "start services",
        "verify health"};
    String on = HOST;
    for (String step : steps) {
      String target = on.equals(HOST) ? HOST_B : HOST;
      boolean oldHostStep = step.endsWith(" on " + HOST);
      if (oldHostStep && !on.equals(HOST)) {
        throw new AssertionError("the steps must alternate so that " + step + " runs on " + HOST);
      }
      stack.commit("1.1.0", target, target.equals(HOST) ? webPort : webPortB);
      WorkerProcess victim = List.of("resolve desired state", "seed backup").contains(step) ? control
          : oldHostStep || target.equals(HOST) ? agent : agentB;
      OperationResult moved = killDuring(step, migrate(on), victim);
      assertThat(moved.backupUsed()).isEqualTo(moved.backupWritten());
      DockerClient engine = target.equals(HOST) ? docker : docker2;
      assertThat(checksums(engine)).as("on " + target + " after a kill during " + step).isEqualTo(tables);
      assertThat(db(engine).query("SELECT backup_id FROM stackpilot.restores")).containsExactly(moved.backupUsed());
      assertThat(TestStack.get(target.equals(HOST) ? webPort : webPortB, "/version")).isEqualTo("1.1.0\n");
      assertThat((on.equals(HOST) ? docker : docker2).listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of("com.docker.compose.project", stack.customer)).exec()).as("old stack stopped").isEmpty();
      on = target;
    }
  }

  /**
   * The second host's Docker Engine restarts (stopped with SIGTERM, started again with its own command line, as an
   * upgrade restarts it; with --live-restore its containers keep running) while an update starts services there: the
   * step's retries carry it, the update completes, and the stack is healthy with its tables.
   */
  private void engineRestartDuringStartServicesIsSurvived(Map<String, String> tables) throws Exception {
    faults++;
    stack.commit("1.1.0", HOST_B, webPortB, "LOG_LEVEL: info", "LOG_LEVEL: debug");
    String id = StackNames.operationId(stack.customer);
    try (SharedEngines.Exclusive alone = SharedEngines.secondEngineAlone()) {
      WorkflowStub run = update().get();
      awaitStep(id, "start services");
      restartSecondEngine();
      result(run);
    }
    assertThat(checksums(docker2)).isEqualTo(tables);
    assertThat(TestStack.get(webPortB, "/version")).isEqualTo("1.1.0\n");
    faultsSurvived++;
    report("survived a restart of the Docker Engine during \"start services\""
        + (retried(id, "StartServices") ? " (the step was retried)" : " (the step had just ended)"));
  }

  /**
   * The newest backup is altered in the store (write-once storage keeps it forever): a disaster recovery install
   * refuses it before the database changes and waits, naming it and offering the previous complete backup; the
   * operator's {@code stackctl retry --backup} with the offered one completes the same run from it.
   */
  private void unusableNewestBackupIsNamedAndThePreviousOneInstalls(Map<String, String> tables) throws Exception {
    faults++;
    List<BackupManifest> complete = backups();
    String newest = complete.get(0).backupId();
    BlobClient dump = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
        .getBlobContainerClient("backups-" + stack.customer)
        .getBlobClient("stacks/" + stack.customer + "/" + newest + "/db.sql.zst");
    byte[] bytes = dump.downloadContent().toBytes();
    bytes[bytes.length / 2] ^= 0x01;
    dump.upload(BinaryData.fromBytes(bytes), true);
    stack.removeFromHost(docker2);

    WorkflowStub run = operations().start("InstallStack", stack.customer, new InstallRequest(stack.repoUrl(), "main",
        null, null, HEARTBEAT), "disaster recovery");
    StackStatus waiting = awaitAttention(run);
    assertThat(waiting.step()).isEqualTo("restore if empty");
    assertThat(waiting.takesBackup()).isTrue();
    assertThat(waiting.offeredBackup()).as("the previous complete backup").isEqualTo(complete.get(1).backupId());
    String previous = waiting.offeredBackup();
    assertThat(waiting.lastError()).contains("backup " + newest + ": part db.sql.zst does not match its manifest")
        .contains("nothing was restored").contains("The previous complete backup is " + previous);
    assertThat(waiting.nextActions().get(0)).startsWith("stackctl retry " + stack.customer + " --backup " + previous);
    assertThat(db(docker2).query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'demo'"))
        .as("the database was not touched").containsExactly("0");

    TestStack.Cli retried = stack.stackctl("retry", stack.customer, "--backup", previous);
    assertThat(retried.exitCode()).as(retried.err()).isZero();
    assertThat(retried.out()).contains("with backup " + previous);
    OperationResult installed = result(run);
    assertThat(installed.backupUsed()).isEqualTo(previous);
    assertThat(installed.steps()).filteredOn(s -> s.name().equals("restore if empty")).singleElement()
        .satisfies(s -> assertThat(s.note()).startsWith("restored " + previous + ", chosen by the operator instead of "
            + newest));
    assertThat(checksums(docker2)).isEqualTo(tables);
    assertThat(TestStack.get(webPortB, "/version")).isEqualTo("1.1.0\n");
    faultsSurvived++;
    report("survived an altered newest backup: refused, waited, " + previous
        + " offered, chosen with stackctl retry --backup and installed in the same run");
  }

  /**
   * The stack on host B turns its binary log on and is written to every second while ArchiveBinlog archives it every
   * 5 s. Host B's agent is killed (SIGKILL) in the middle of a shipping run and started again; right after, the backup
   * store is gone for a minute. The archive takes up again by itself (what failed meanwhile is in its status) and ends
   * with a complete chain that reaches the last row written: no gap, no hole, every segment as its manifest says.
   */
  private void archiveSurvivesItsShipperKilledAndTheStoreGoneForAMinute() throws Exception {
    faults++;
    stack.commit("1.1.0", HOST_B, webPortB, "  exclude: [recordings, logs]\n",
        "  exclude: [recordings, logs]\n  binlog: { every: PT5S }\n");
    result(update().get());
    write("CREATE TABLE calls (seq INT PRIMARY KEY, at DATETIME(6) NOT NULL)");
    ArchiveBinlogWorkflow archive = client.newWorkflowStub(ArchiveBinlogWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.archiveId(stack.customer)).setTaskQueue(StackNames.TASK_QUEUE).build());
    WorkflowClient.start(archive::archive, new ArchiveRequest(stack.repoUrl(), "main", null, "PT20S", null));
    java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Set<String> reportedErrors = new java.util.LinkedHashSet<>();
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread application = new Thread(() -> {
      while (writing.get()) {
        write("INSERT INTO calls (seq, at) VALUES (" + written.incrementAndGet() + ", NOW(6))");
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "application");
    application.start();
    try {
      ArchiveStatus chained = awaitArchive(archive, s -> s.chainBackup() != null && s.lastFile() != null);
      report("the archive started its chain at backup " + chained.chainBackup());
      Thread.sleep(3000);
      assertThat(agentB.kill()).as("killed by SIGKILL").isEqualTo(137);
      agentB.start();
      azurite.stop();
      for (long until = System.nanoTime() + Duration.ofMinutes(1).toNanos(); System.nanoTime() < until; ) {
        String error = archive.status().lastError();
        if (error != null) {
          reportedErrors.add(error);
        }
        Thread.sleep(2000);
      }
      azurite.start();
      ArchiveStatus reported = archive.status();
      awaitArchive(archive, s -> s.lastError() == null && !s.updatedAt().equals(reported.updatedAt()));
    } finally {
      writing.set(false);
      application.join();
    }
    // The binary log stamps its events in whole seconds: the last row's second is what the archive must reach.
    java.time.Instant last = java.time.Instant.ofEpochSecond(Long.parseLong(db(docker2)
        .query("SELECT FLOOR(UNIX_TIMESTAMP(MAX(at))) FROM demo.calls").get(0)));
    ArchiveStatus done;
    try {
      done = awaitArchive(archive, s -> s.lastError() == null && s.lastEventAt() != null
          && !java.time.Instant.parse(s.lastEventAt()).isBefore(last));
    } catch (IllegalStateException notThere) {
      throw new AssertionError(notThere.getMessage() + "; the last row was written at " + last + "; in the store: "
          + new SegmentArchive(store()).segments(stack.customer, archive.status().lineage()).stream()
              .map(m -> m.file() + " to " + m.lastEventAt()).toList() + "; on the server: "
          + db(docker2).query("SHOW BINARY LOGS") + "; the agent of " + HOST_B + " logged:\n" + agentB.logTail(60),
          notThere);
    }
    client.newUntypedWorkflowStub(StackNames.archiveId(stack.customer)).terminate("the fault suite is done with it");
    RecoveryPlanner.Plan plan = new RecoveryPlanner(store()).plan(stack.customer, null, null, stack.backupStore());
    assertThat(done.gaps()).as("no gap: " + done.lastGap()).isZero();
    assertThat(plan.backup().backupId()).isEqualTo(done.chainBackup());
    assertThat(plan.recovery().note()).as("the chain from " + done.chainBackup() + " has no hole").isNull();
    assertThat(java.time.Instant.parse(plan.recovery().recoversTo())).as("the chain reaches the last row written")
        .isAfterOrEqualTo(last);
    SegmentArchive segments = new SegmentArchive(store());
    plan.recovery().segments().forEach(segment -> assertThat(segments.check(stack.customer, segments.segments(
        stack.customer, segment.lineage()).stream().filter(m -> m.file().equals(segment.file())).findFirst().orElseThrow())
        .outcome()).as(segment.file()).isEqualTo(PartCheck.OK));
    faultsSurvived++;
    report("survived the host agent killed while it archived the binary log and the store gone for 60 s: "
        + plan.recovery().segments().size() + " segments from backup " + done.chainBackup() + " to "
        + plan.recovery().recoversTo() + ", no gap, " + written.get() + " rows written; the archive reported "
        + (reportedErrors.isEmpty() ? "no failure (the store client's retries carried it)" : reportedErrors));
  }

  private ArchiveStatus awaitArchive(ArchiveBinlogWorkflow archive, java.util.function.Predicate<ArchiveStatus> reached) {
    return PointInTimeDisaster.awaitArchive(archive, reached, Duration.ofMinutes(5));
  }

  /** As the application writes on host B: through the client, so that the write is in the binary log. */
  private void write(String sql) {
    PointInTimeDisaster.write(docker2, TestEnvironment.docker2Host(), stack.customer + "-db-1", sql);
  }

  /** The run's status once it waits for an operator; a run that ends first fails the suite. */
  private StackStatus awaitAttention(WorkflowStub run) throws Exception {
    String id = run.getExecution().getWorkflowId();
    for (int i = 0; i < 2400; i++) {
      try {
        run.getResult(250, TimeUnit.MILLISECONDS, OperationResult.class);
        throw new AssertionError("the run ended without asking for an operator");
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        StackStatus status = status(id);
        if (status != null && StackStatus.NEEDS_ATTENTION.equals(status.state())) {
          return status;
        }
      }
    }
    throw new AssertionError("the run did not ask for an operator within 10 minutes: " + status(id));
  }

  private void restartSecondEngine() throws Exception {
    Path run = Path.of(java.net.URI.create(TestEnvironment.docker2Host().replace("unix://", "file://"))).getParent();
    long pid = Long.parseLong(Files.readString(run.resolve("docker.pid")).trim());
    List<String> command = List.of(new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")))
        .split("\0"));
    ProcessHandle engine = ProcessHandle.of(pid).orElseThrow();
    engine.destroy();
    engine.onExit().get(60, TimeUnit.SECONDS);
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "stackpilot-fault-suite-dockerd2.log");
    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    for (int i = 0; i < 600; i++) {
      try {
        docker2.pingCmd().exec();
        return;
      } catch (RuntimeException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the second engine did not answer within 60 s after its restart:\n" + Files.readString(log));
  }

  /** Installs 1.0.0 from the vanilla backup, adds a large table and backs the stack up: the source of every install. */
  private String installWithDataAndBackUp() throws Exception {
    azurite = new AzuriteProcess(temp.resolve("azurite")).start();
    stack = new TestStack(temp).withAzureBackups(azurite.connectionString());
    webPort = FreePorts.lasting();
    stack.commit("1.0.0", HOST, webPort);
    stack.temporalPort = FreePorts.loopback();
    server = TestServer.createPortBoundServer(stack.temporalPort, true);
    // Temporal's test server never moves a dead worker's sticky workflow tasks back to the task queue (a real
    // server does after the sticky timeout): this control worker runs without sticky execution.
    Path controlConfig = temp.resolve("control.yaml");
    Files.writeString(controlConfig, String.join("\n",
        "temporal: { address: \"127.0.0.1:" + stack.temporalPort + "\", stickyQueueTimeout: PT0S }",
        "roles: [control]",
        "secrets: { dir: \"" + stack.secretsDir() + "\" }",
        "gitCacheDir: " + temp.resolve("git-cache"),
        "releaseStore: " + TestStack.releases(),
        "azure: { accounts: { devstoreaccount1: { connectionString: \"file:" + azureConnection() + "\" } } }",
        "backupStores: { " + stack.customer + ": [\"" + stack.backupStore() + "\"] }",
        ""));
    control = new WorkerProcess(controlConfig, temp, StackNames.TASK_QUEUE).start();
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + stack.temporalPort).build());
    client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
        .setDataConverter(StackpilotDataConverter.create()).build());
    agent = hostAgent(HOST, TestEnvironment.dockerHost(), "stacks");

    result(operations().start("InstallStack", stack.customer, new InstallRequest(stack.repoUrl(), "main", null, null,
        HEARTBEAT), "install"));
    db().query("CREATE TABLE demo.bulk (id INT PRIMARY KEY, payload TEXT NOT NULL, KEY by_payload (payload(16)))");
    db().query("INSERT INTO demo.bulk SELECT seq, HEX(RANDOM_BYTES(512)) FROM demo.seq_1_to_30000");
    return result(backup().get()).backupWritten();
  }

  /** A host agent for {@code host} in a process of its own, on the Engine at {@code dockerHost}. */
  private WorkerProcess hostAgent(String host, String dockerHost, String stacksDir) throws Exception {
    Path config = temp.resolve("worker-" + host + ".yaml");
    Files.writeString(config, String.join("\n",
        "temporal: { address: \"127.0.0.1:" + stack.temporalPort + "\" }",
        "roles: [host-agent]",
        "host: " + host,
        "secrets: { dir: \"" + stack.secretsDir() + "\" }",
        "docker: { host: \"" + dockerHost + "\" }",
        "stacksDir: " + temp.resolve(stacksDir),
        "gitCacheDir: " + temp.resolve("git-cache-" + host),
        "releaseStore: " + TestStack.releases(),
        "azure: { accounts: { devstoreaccount1: { connectionString: \"file:" + azureConnection() + "\" } } }",
        "backupStores: { " + stack.customer + ": [\"" + stack.backupStore() + "\"] }",
        ""));
    return new WorkerProcess(config, temp, StackNames.hostTaskQueue(host)).start();
  }

  /** As below: the control worker during a control step, the host agent of host A during a host step. */
  private OperationResult killDuring(String step, RunStart start) throws Exception {
    return killDuring(step, start, CONTROL_STEPS.contains(step) ? control : agent);
  }

  /**
   * Starts a run, waits until {@code step} runs, kills {@code victim} (SIGKILL), starts it again and waits for the run
   * to complete. The kill landed inside the step when its activity ran on after it: retried, or (the control worker
   * killed during a host step, which the host agent kept running) completed after the kill. After a kill of the
   * control worker, the restarted one ran the rest of the run.
   */
  private OperationResult killDuring(String step, RunStart start, WorkerProcess victim) throws Exception {
    killPoints++;
    String workflowId = StackNames.operationId(stack.customer);
    WorkflowStub run = start.get();
    awaitStep(workflowId, step);
    long killedAt = System.currentTimeMillis();
    assertThat(victim.kill()).as("killed by SIGKILL").isEqualTo(137);
    long deadAt = System.currentTimeMillis();
    victim.start();
    OperationResult result = result(run);
    List<HistoryEvent> events = client.fetchHistory(workflowId).getHistory().getEventsList();
    // A run the killed worker completed before it died (a kill that landed as a short last step ended) leaves the
    // restarted worker nothing to run.
    long closedAt = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
        .mapToLong(e -> e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000)
        .findFirst().orElse(Long.MAX_VALUE);
    if (victim == control && closedAt > deadAt) {
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
          .map(e -> e.getWorkflowTaskStartedEventAttributes().getIdentity()).distinct().count())
          .as("the restarted control worker ran the rest of the run").isGreaterThan(1);
    }
    boolean inside = retried(workflowId, ACTIVITY.get(step))
        || victim == control && completedAfter(events, ACTIVITY.get(step), killedAt);
    if (inside) {
      killsInside++;
    }
    killsSurvived++;
    report("survived a kill of the " + (victim == control ? "control worker" : "host agent of "
        + (victim == agent ? HOST : HOST_B)) + " during \"" + step + "\" of " + result.operation()
        + (inside ? " (inside the step)" : " (the step had just ended)"));
    return result;
  }

  /** True when an activity of {@code type} completed after {@code millis}. */
  private static boolean completedAfter(List<HistoryEvent> events, String type, long millis) {
    Map<Long, String> scheduled = new HashMap<>();
    for (HistoryEvent event : events) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        scheduled.put(event.getEventId(), event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
          && type.equals(scheduled.get(event.getActivityTaskCompletedEventAttributes().getScheduledEventId()))
          && event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000 > millis) {
        return true;
      }
    }
    return false;
  }

  /**
   * The backup's dump runs in a database throttled to a fiftieth of a CPU (docker update --cpus), longer than the
   * heartbeat timeout: its heartbeats come from its bytes, so it needs no second attempt.
   */
  private void slowDumpCompletesWithoutAnOperator() throws Exception {
    faults++;
    String container = stack.customer + "-db-1";
    cpus(container, "0.02");
    OperationResult slow;
    try {
      slow = result(operations().start("BackupStack", stack.customer, new BackupRequest(stack.repoUrl(), "main",
          "manual", null, HEARTBEAT), "slow backup"));
    } finally {
      cpus(container, "1");
    }
    long dumpMillis = slow.steps().stream().filter(s -> s.name().equals("dump and upload")).findFirst().orElseThrow()
        .durationMillis();
    assertThat(dumpMillis).as("the dump outlasted the heartbeat timeout").isGreaterThan(Duration.parse(HEARTBEAT).toMillis());
    assertThat(retried(StackNames.operationId(stack.customer), "UploadBackupParts"))
        .as("heartbeats came from the dump's bytes: no attempt timed out").isFalse();
    faultsSurvived++;
    report("survived a dump of " + dumpMillis + " ms with a " + HEARTBEAT
        + " heartbeat timeout, in one attempt");
  }

  /**
   * The backup store goes away in the middle of an upload (Azurite stopped, back five seconds later with its
   * blobs): the step retries and completes, and the store holds one more complete backup, which verifies.
   */
  private void storeOutageDuringAnUploadIsSurvived() throws Exception {
    faults++;
    int before = backups().size();
    String container = stack.customer + "-db-1";
    cpus(container, "0.05");
    OperationResult written;
    try {
      WorkflowStub run = backup().get();
      awaitStep(StackNames.operationId(stack.customer), "dump and upload");
      Thread.sleep(2000);
      azurite.stop();
      Thread.sleep(5000);
      azurite.start();
      written = result(run);
    } finally {
      cpus(container, "1");
    }
    assertOneNewVerifiedBackup(before, written.backupWritten());
    faultsSurvived++;
    report("survived the backup store going away for 5 s during \"dump and upload\""
        + (retried(StackNames.operationId(stack.customer), "UploadBackupParts") ? " (the step was retried)"
            : " (the store client's own retries carried the upload)"));
  }

  /** docker update --cpus, as an operator throttles a container (the Engine API's NanoCpus). */
  private static void cpus(String container, String cpus) throws Exception {
    ProcessBuilder update = new ProcessBuilder("docker", "update", "--cpus", cpus, container).redirectErrorStream(true);
    update.environment().put("DOCKER_HOST", TestEnvironment.dockerHost());
    Process process = update.start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("docker update --cpus " + cpus + ": " + out).isZero();
  }

  /** A line of the suite's report, with the seconds since it began: where its time goes. */
  private void report(String line) {
    System.out.printf("fault suite [%4d s]: %s%n", (System.nanoTime() - startedAt) / 1_000_000_000, line);
  }

  private interface RunStart {
    WorkflowStub get() throws Exception;
  }

  private RunStart migrate(String fromHost) {
    return () -> operations().start("MigrateStack", stack.customer, new MigrateRequest(stack.repoUrl(), "main", fromHost,
        null, null, null, null, HEARTBEAT), "migrate from " + fromHost);
  }

  private RunStart update() {
    return () -> operations().start("UpdateStack", stack.customer, new StackRequest(stack.repoUrl(), "main", null,
        HEARTBEAT), "update");
  }

  private RunStart backup() {
    return () -> operations().start("BackupStack", stack.customer, new BackupRequest(stack.repoUrl(), "main", "manual",
        null, HEARTBEAT), "backup");
  }

  private StackOperations operations() {
    return new StackOperations(client);
  }

  /** The run's result; a run that asks for an operator fails the suite with its status. */
  private OperationResult result(WorkflowStub run) throws Exception {
    String id = run.getExecution().getWorkflowId();
    for (int i = 0; i < 2400; i++) {
      try {
        return run.getResult(250, TimeUnit.MILLISECONDS, OperationResult.class);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        StackStatus status = status(id);
        if (status != null && StackStatus.NEEDS_ATTENTION.equals(status.state())) {
          throw new AssertionError("the run asked for an operator at \"" + status.step() + "\": " + status.lastError());
        }
      }
    }
    throw new AssertionError("the run did not end within 10 minutes: " + status(id));
  }

  private void awaitStep(String workflowId, String step) throws InterruptedException {
    for (int i = 0; i < 6000; i++) {
      StackStatus status = status(workflowId);
      if (status != null && (step.equals(status.step())
          || status.steps().stream().anyMatch(s -> s.name().equals(step)))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("step \"" + step + "\" never ran: " + status(workflowId));
  }

  private StackStatus status(String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).query("status", StackStatus.class);
    } catch (RuntimeException notYet) {
      return null;
    }
  }

  /** True when the newest run's activity {@code type} ran more than one attempt. */
  private boolean retried(String workflowId, String type) {
    Map<Long, String> scheduled = new HashMap<>();
    for (HistoryEvent event : client.fetchHistory(workflowId).getHistory().getEventsList()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        scheduled.put(event.getEventId(), event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
          && type.equals(scheduled.get(event.getActivityTaskStartedEventAttributes().getScheduledEventId()))
          && event.getActivityTaskStartedEventAttributes().getAttempt() > 1) {
        return true;
      }
    }
    return false;
  }

  private void assertOneNewVerifiedBackup(int before, String written) {
    List<BackupManifest> complete = backups();
    assertThat(complete).as("one backup per run, whatever its attempts left").hasSize(before + 1);
    assertThat(complete.get(0).backupId()).isEqualTo(written);
    complete.forEach(m -> BackupVerifier.verify(store(), m, part -> { }));
  }

  private List<BackupManifest> backups() {
    return store().completeBackups(stack.customer);
  }

  private BackupStore store() {
    return new StoreLocations(stack.azureAccounts()).backupStore(stack.customer, stack.backupStore());
  }

  /** The worker takes credentials as references: the connection string goes into a file. */
  private Path azureConnection() throws Exception {
    Path file = temp.resolve("azure-connection");
    Files.writeString(file, azurite.connectionString());
    return file;
  }

  private void assertHealthy(String release) throws Exception {
    assertThat(TestStack.get(webPort, "/version")).isEqualTo(release + "\n");
  }

  private MariaDbShell db() {
    return db(docker);
  }

  private MariaDbShell db(DockerClient engine) {
    String host = engine == docker ? TestEnvironment.dockerHost() : TestEnvironment.docker2Host();
    return new MariaDbShell(new ContainerExec(engine, host), stack.customer + "-db-1", "wk-secret");
  }

  private Map<String, String> checksums() {
    return checksums(docker);
  }

  /** CHECKSUM TABLE of every table of the application database on {@code engine}, by name. */
  private Map<String, String> checksums(DockerClient engine) {
    List<String> tables = db(engine).query("SELECT CONCAT('demo.', table_name) FROM information_schema.tables "
        + "WHERE table_schema = 'demo' AND table_type = 'BASE TABLE' ORDER BY 1");
    Map<String, String> sums = new java.util.TreeMap<>();
    for (String line : db(engine).query("CHECKSUM TABLE " + String.join(", ", tables))) {
      String[] columns = line.split("\t");
      sums.put(columns[0], columns[1]);
    }
    return sums;
  }

  /** The 1.0.0 images leave the engine, so the install's pull has real work to do (from the local registry). */
  private void removeReleaseImages() {
    for (String image : List.of(TestEnvironment.mariadbImage(), TestEnvironment.registry() + "/demo/web:1.0.0",
        TestEnvironment.registry() + "/demo/task-runner:1.0.0")) {
      try {
        docker.removeImageCmd(image).withForce(true).exec();
      } catch (RuntimeException absent) {
        // not on the engine
      }
    }
  }
}
