package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.testing.Containers;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.client.WorkflowClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installation Stackpilot did not create, brought in: a MariaDB container of its own, filled by the release's first
 * migration and rows of its own, dumped with mariadb-dump (gzip) beside a directory of its files; imported through
 * the worker, then installed on release 1.1.0 — Flyway baselines at the imported version and migrates to the release.
 */
class ImportIT {

  private static final String HOST = "import-host";
  private static final String OLD_PASSWORD = "old-school-secret";

  private final DockerClient docker = TestEnvironment.docker();
  private final ContainerExec exec = new ContainerExec(docker, TestEnvironment.dockerHost());

  @TempDir
  Path temp;

  private TestStack stack;
  private StackpilotWorker worker;
  private String oldContainer;

  @BeforeEach
  void oldSchoolInstallation() throws Exception {
    stack = new TestStack(temp);
    oldContainer = docker.createContainerCmd(TestEnvironment.mariadbImage())
        .withName("oldschool-" + UUID.randomUUID().toString().substring(0, 8))
        .withEnv("MARIADB_ROOT_PASSWORD=" + OLD_PASSWORD, "MARIADB_DATABASE=demo")
        .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "/usr/local/bin/healthcheck"))
            .withInterval(Duration.ofMillis(500).toNanos()).withTimeout(Duration.ofSeconds(5).toNanos()).withRetries(120))
        .exec().getId();
    docker.startContainerCmd(oldContainer).exec();
    Containers.awaitHealthy(docker, oldContainer, Duration.ofMinutes(2));
    MariaDbShell old = new MariaDbShell(exec, oldContainer, OLD_PASSWORD);
    old.load("demo", Files.newInputStream(TestEnvironment.releasesDir().resolve("1.0.0/migrations/V1__baseline.sql")),
        Duration.ofMinutes(1));
    old.query("INSERT INTO demo.accounts (name, email) VALUES ('admin', 'admin@old.example'), ('clerk', 'c@old.example')");
    old.query("INSERT INTO demo.notes (account_id, body) VALUES (1, 'ünïcode and \\\\ backslash'), (2, 'second note')");
    old.query("INSERT INTO demo.app_settings (name, value) VALUES ('locale', 'de_DE')");
  }

  @AfterEach
  void down() {
    if (worker != null) {
      worker.close();
    }
    Containers.removeQuietly(docker, oldContainer);
    stack.remove(docker);
  }

  @Test
  void oldInstallationIsImportedAndInstalledOnTheNewRelease() throws Exception {
    Path dump = stack.importsDir().resolve("acme.sql.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dump))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertThat(exec.run(oldContainer, List.of("mariadb-dump", "--user=root", "--single-transaction", "--routines",
          "--hex-blob", "--databases", "demo"), List.of("MYSQL_PWD=" + OLD_PASSWORD), null, out, err, Duration.ofMinutes(2))
          .succeeded()).as(err.toString(StandardCharsets.UTF_8)).isTrue();
    }
    Path files = Files.createDirectories(stack.importsDir().resolve("old-files"));
    Files.writeString(Files.createDirectories(files.resolve("invoices")).resolve("2026-11.pdf"), "invoice of november");
    Files.writeString(Files.createDirectories(files.resolve("recordings")).resolve("call.wav"), "excluded by stack.yaml");
    Map<String, String> before = checksums(new MariaDbShell(exec, oldContainer, OLD_PASSWORD));
    int webPort = FreePorts.lasting();
    stack.commit("1.1.0", HOST, webPort);
    worker = new StackpilotWorker(stack.worker(null, true, HOST, TestEnvironment.dockerHost()), stack.temporalPort = FreePorts.loopback());
    WorkflowClient client = worker.start();

    TestStack.Cli refused = stack.stackctl("import", stack.customer, "--repo", stack.repoUrl(), "--db", dump.toString(),
        "--files", files.toString(), "--schema-version", "7", "--wait");
    TestStack.Cli imported = stack.stackctl("import", stack.customer, "--repo", stack.repoUrl(), "--db", dump.toString(),
        "--files", files.toString(), "--schema-version", "1", "--wait");
    String importId = result(client).backupWritten();
    TestStack.Cli plan = stack.stackctl("plan", stack.customer, "--repo", stack.repoUrl());
    TestStack.Cli installed = stack.stackctl("install", stack.customer, "--repo", stack.repoUrl(), "--wait");
    OperationResult install = result(client);

    assertThat(refused.exitCode()).isEqualTo(3);
    assertThat(refused.out() + refused.err()).contains("schemaVersion: release 1.1.0 has no migration to version 7 "
        + "(its versions: 1, 2)");
    assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
    assertThat(imported.out()).contains("import dump and files on " + HOST + ": done", "write manifest: done");
    assertThat(Files.readString(stack.backups().resolve(stack.customer).resolve(importId).resolve("manifest.json")))
        .contains("\"kind\" : \"import\"", "\"schemaVersion\" : \"1\"", "\"release\" : \"1.1.0\"");
    assertThat(plan.out()).as(plan.out() + plan.err()).containsPattern("  backup: restore backup " + importId
        + " \\(release 1\\.1\\.0, schema 1, [0-9.]+ k?B, ")
        .contains("  migrations: V2 account plans", "  downtime: a new installation from ")
        .contains("no restore measured on this host yet");
    assertThat(installed.exitCode()).as(installed.out() + installed.err()).isZero();
    assertThat(stack.dir.resolve("stacks-" + HOST).resolve(".restore-throughput")).as("the restore measured for the next plan")
        .content().matches("[0-9]+");
    assertThat(install.backupUsed()).as("the import is the newest backup").isEqualTo(importId);
    assertThat(install.migrationsApplied()).containsExactly("V2 account plans");
    MariaDbShell db = new MariaDbShell(exec, stack.customer + "-db-1", "wk-secret");
    Map<String, String> after = checksums(db);
    assertThat(after).as("tables V2 does not change").containsEntry("demo.notes", before.get("demo.notes"));
    assertThat(db.query("SELECT CONCAT(id, ' ', name, ' ', email, ' ', plan) FROM demo.accounts ORDER BY id"))
        .containsExactly("1 admin admin@old.example premium", "2 clerk c@old.example basic");
    assertThat(db.query("SELECT value FROM demo.app_settings WHERE name = 'locale'")).containsExactly("de_DE");
    assertThat(db.query("SELECT CONCAT(version, ' ', type) FROM demo.flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("1 BASELINE", "2 SQL");
    assertThat(exec(stack.customer + "-web-1", "cat", "/data/invoices/2026-11.pdf")).isEqualTo("invoice of november");
    assertThat(exec(stack.customer + "-web-1", "ls", "/data")).doesNotContain("recordings");
    assertThat(checksums(new MariaDbShell(exec, oldContainer, OLD_PASSWORD))).as("the old installation untouched")
        .isEqualTo(before);
  }

  @Test
  void refusalsWriteNothingAndAnImportIntoAzureIsListedAsSuch() throws Exception {
    stack.withAzureBackups(TestEnvironment.azuriteConnectionString());
    Path twoDatabases = Files.writeString(stack.importsDir().resolve("two.sql"), String.join("\n",
        "CREATE DATABASE IF NOT EXISTS `demo`;", "USE `demo`;", "CREATE TABLE t (id INT PRIMARY KEY);",
        "CREATE DATABASE IF NOT EXISTS `billing`;", "USE `billing`;", "CREATE TABLE invoices (id INT PRIMARY KEY);", ""));
    Path binary = Files.write(stack.importsDir().resolve("image.sql"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
    Path plain = Files.writeString(stack.importsDir().resolve("one.sql"), "CREATE TABLE t (id INT PRIMARY KEY);\n");
    Path files = Files.createDirectories(stack.importsDir().resolve("escaping"));
    Path linkedOut = Files.createSymbolicLink(stack.importsDir().resolve("linked.sql"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(files.resolve("passwd"), Path.of("/etc/passwd"));
    stack.commit("1.0.0", HOST, FreePorts.lasting());
    worker = new StackpilotWorker(stack.worker(null, true, HOST, TestEnvironment.dockerHost()), stack.temporalPort = FreePorts.loopback());
    worker.start();

    TestStack.Cli several = importing(twoDatabases, null);
    TestStack.Cli notSql = importing(binary, null);
    TestStack.Cli escaping = importing(plain, files);
    TestStack.Cli outside = importing(Path.of("/etc/passwd"), null);
    TestStack.Cli throughALink = importing(linkedOut, null);

    assertThat(several.exitCode()).isEqualTo(3);
    assertThat(several.out() + several.err()).contains("line 4").contains("billing");
    assertThat(notSql.out() + notSql.err()).contains("is not SQL text (it holds NUL bytes)");
    assertThat(escaping.out() + escaping.err()).contains("entry 'passwd' links to the absolute path '/etc/passwd'");
    assertThat(outside.out() + outside.err()).contains("db: '/etc/passwd' is not below this host's import directory")
        .doesNotContain("root:");
    assertThat(throughALink.out() + throughALink.err()).contains("leads out of this host's import directory");
    assertThat(stack.azureBackupBlobs()).as("nothing written").isEmpty();

    TestStack.Cli imported = importing(plain, null);
    TestStack.Cli listed = stack.stackctl("backups", stack.customer, "--repo", stack.repoUrl());

    assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
    assertThat(listed.out()).startsWith("backups of " + stack.customer + " in azure://")
        .containsPattern("\\d{8}T\\d{6}Z-\\w+ +import +1\\.0\\.0 +1 .* complete");
    assertThat(stack.azureBackupBlobs()).as("an empty files archive: the release keeps files")
        .anyMatch(b -> b.endsWith("/files.tar.zst")).anyMatch(b -> b.endsWith("/manifest.json"));
  }

  private TestStack.Cli importing(Path dump, Path files) {
    List<String> args = new java.util.ArrayList<>(List.of("import", stack.customer, "--repo", stack.repoUrl(), "--db",
        dump.toString(), "--schema-version", "1", "--wait"));
    if (files != null) {
      args.addAll(List.of("--files", files.toString()));
    }
    return stack.stackctl(args.toArray(String[]::new));
  }

  private OperationResult result(WorkflowClient client) {
    return client.newUntypedWorkflowStub(StackNames.operationId(stack.customer)).getResult(OperationResult.class);
  }

  private static Map<String, String> checksums(MariaDbShell db) {
    Map<String, String> sums = new java.util.TreeMap<>();
    for (String row : db.query("CHECKSUM TABLE demo.accounts, demo.notes, demo.app_settings")) {
      String[] cells = row.split("\t");
      sums.put(cells[0], cells[1]);
    }
    return sums;
  }

  private String exec(String container, String... command) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exec.run(docker.inspectContainerCmd(container).exec().getId(), List.of(command), null, out, OutputStream.nullOutputStream(),
        Duration.ofSeconds(30));
    return out.toString(StandardCharsets.UTF_8);
  }
}
