package io.stackpilot.worker;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.github.dockerjava.api.DockerClient;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.compose.RegistryCredentials;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.FileShareBackupStore;
import io.stackpilot.model.StackRules;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.config.WorkerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine;

/**
 * One customer's stack for end-to-end tests: its git repo (the sample stack.yaml, edited per commit), its
 * backup store and secret in a temporary directory, stackctl against a Temporal port, and clean-up on engines.
 */
final class TestStack {

  record Cli(int exitCode, String out, String err) {}

  final String customer = "wk-" + UUID.randomUUID().toString().substring(0, 8);
  final Path dir;
  final Git git;
  private final Path secrets;
  int temporalPort;
  private String backupStore;
  private String releaseStore = releases().toString();
  private Map<String, String> azureAccounts = Map.of();
  private BlobContainerClient azureBackups;

  TestStack(Path dir) throws Exception {
    this(dir, dir.resolve("secrets"));
  }

  /** A stack whose secrets live under {@code secrets}: another stack's, so that one worker serves both. */
  TestStack(Path dir, Path secrets) throws Exception {
    this.dir = dir;
    this.secrets = secrets;
    Files.writeString(Files.createDirectories(secretsDir().resolve(customer)).resolve("db-root-password"), "wk-secret\n");
    git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call();
    backupStore = "file://" + backups();
  }

  /**
   * Backups in a new container of Azurite and releases from the store dev/env published there, both through
   * the worker's Azure account configuration, as in production.
   */
  TestStack inAzurite() {
    String connection = TestEnvironment.azuriteConnectionString();
    withAzureBackups(connection);
    releaseStore = "azure://" + azureAccounts.keySet().iterator().next() + "/releases";
    return this;
  }

  /** Backups in a new container of the Azure Blob service {@code connection} names; releases stay where they are. */
  TestStack withAzureBackups(String connection) {
    String account = connection.replaceAll(".*AccountName=([^;]+).*", "$1");
    azureBackups = new BlobServiceClientBuilder().connectionString(connection).buildClient()
        .getBlobContainerClient("backups-" + customer);
    azureBackups.create();
    backupStore = "azure://" + account + "/" + azureBackups.getBlobContainerName() + "/stacks";
    azureAccounts = Map.of(account, connection);
    return this;
  }

  /** Where stack.yaml sends this stack's backups. */
  String backupStore() {
    return backupStore;
  }

  Map<String, String> azureAccounts() {
    return azureAccounts;
  }

  /** The blob names under this stack's backups in Azurite. */
  List<String> azureBackupBlobs() {
    return azureBackups.listBlobs().stream().map(b -> b.getName()).toList();
  }

  /**
   * A nightly backup of this stack in its file share, taken on {@code host} at {@code release} ({@code schemaVersion}),
   * its database part the compressed dump {@code databasePart}.
   */
  void storeNightly(Path databasePart, String release, String schemaVersion, String host) throws IOException {
    FileShareBackupStore store = new FileShareBackupStore(backups());
    String id = "20261201T020000Z-nightly";
    BackupManifest.Part part;
    try (InputStream in = Files.newInputStream(databasePart)) {
      part = store.writePart(customer, id, "db.sql.zst", in);
    }
    store.writeManifest(new BackupManifest(BackupManifest.FORMAT, id, "nightly", customer, release, schemaVersion,
        "c0ffee" + release.replace(".", ""), host, "2026-12-01T02:00:00Z", List.of(part), null));
  }

  String repoUrl() {
    return dir.resolve("repo").toUri().toString();
  }

  Path backups() {
    return dir.resolve("backups");
  }

  /** Commits the sample stack as this customer at {@code release} on {@code host}, web published on {@code webPort}. */
  String commit(String release, String host, int webPort) throws Exception {
    return commit(release, host, webPort, "", "");
  }

  /** As {@link #commit(String, String, int)}, with {@code find} replaced by {@code replacement} in stack.yaml. */
  String commit(String release, String host, int webPort, String find, String replacement) throws Exception {
    return commit(release, host, webPort, find, replacement, "");
  }

  /** As above, with {@code trailers} as the last paragraph of the commit message (e.g. "Urgent: true"). */
  String commit(String release, String host, int webPort, String find, String replacement, String trailers)
      throws Exception {
    String sample = Files.readString(Path.of("..", "config-samples", "customer-acme", "stack.yaml"));
    String yaml = (find.isEmpty() ? sample : sample.replace(find, replacement))
        .replace("customer: acme", "customer: " + customer)
        .replace("release: 1.0.0", "release: " + release)
        .replace("host: acme-prod-1", "host: " + host)
        .replace("env:ACME__DB_ROOT_PASSWORD", "file:" + secretsDir().resolve(customer).resolve("db-root-password"))
        .replace("file:///var/backups/stackpilot/acme", backupStore)
        .replace("secrets:\n", "ports:\n  web: { \"8080\": " + webPort + " }\nsecrets:\n");
    Files.writeString(dir.resolve("repo/stack.yaml"), yaml);
    git.add().addFilepattern("stack.yaml").call();
    PersonIdent operator = new PersonIdent("Operator", "ops@example.invalid");
    return git.commit().setMessage(customer + " on " + release + " at " + host + (trailers.isEmpty() ? "" : "\n\n" + trailers))
        .setAuthor(operator).setCommitter(operator)
        .setSign(false).call().getName();
  }

  /** The host's per-customer secrets directory, as the worker configuration's secrets.dir names it. */
  Path secretsDir() {
    return secrets;
  }

  /** The host's import directory, as the worker configuration's imports.dir names it. */
  Path importsDir() throws java.io.IOException {
    return Files.createDirectories(dir.resolve("imports"));
  }

  /** The safeguards of this stack's workers: its secrets under {@link #secretsDir()}, otherwise the defaults. */
  WorkerConfig.Safeguards safeguards() {
    return new WorkerConfig.Safeguards(List.of(), List.of(), Map.of(),
        new StackRules(secretsDir().toString(), Map.of(), java.util.Set.of(), dir.resolve("imports").toString()));
  }

  /** A worker configuration for this stack's host agent on {@code dockerHost}, control role too when asked. */
  WorkerConfig worker(String temporalAddress, boolean control, String host, String dockerHost) {
    List<String> roles = control ? List.of("control", "host-agent") : List.of("host-agent");
    return new WorkerConfig(new WorkerConfig.Temporal(temporalAddress, "default", null, null, null), roles, host,
        dockerHost, dir.resolve("stacks-" + host), dir.resolve("git-cache-" + host), releaseStore, azureAccounts,
        List.of(), List.of(), null, 0).withSafeguards(safeguards());
  }

  /** A control worker's configuration for this stack, on the Temporal server at {@code temporalAddress}. */
  WorkerConfig control(String temporalAddress) {
    return new WorkerConfig(new WorkerConfig.Temporal(temporalAddress, "default", null, null, null), List.of("control"),
        null, TestEnvironment.dockerHost(), dir.resolve("stacks-control"), dir.resolve("git-cache-control"), releaseStore,
        azureAccounts, List.of(), List.of(), null, 0).withSafeguards(safeguards());
  }

  /**
   * The worker file of this stack's host agent for {@code host} as an operator writes it: the engine at
   * {@code dockerHost}, its stacks under {@code stacksDir}, this stack's secrets, releases and backup store, its
   * /readyz on {@code metricsPort}.
   */
  String hostAgentYaml(String host, int temporalPort, String dockerHost, Path stacksDir, int metricsPort) {
    return String.join("\n", "roles: [host-agent]", "host: " + host,
        "temporal: { address: \"127.0.0.1:" + temporalPort + "\" }", "docker: { host: \"" + dockerHost + "\" }",
        "stacksDir: " + stacksDir, "releaseStore: " + releaseStore, "secrets: { dir: \"" + secretsDir() + "\" }",
        "backupStores: { " + customer + ": [\"" + backupStore + "\"] }",
        "metrics: { address: \"127.0.0.1:" + metricsPort + "\" }", "");
  }

  /**
   * The worker file of a control worker for this stack as an operator writes it: its clones under
   * {@code gitCacheDir}, its /readyz on {@code metricsPort}.
   */
  String controlYaml(int temporalPort, Path gitCacheDir, int metricsPort) {
    return String.join("\n", "roles: [control]", "temporal: { address: \"127.0.0.1:" + temporalPort + "\" }",
        "gitCacheDir: " + gitCacheDir,
        "releaseStore: " + releaseStore, "secrets: { dir: \"" + secretsDir() + "\" }",
        "backupStores: { " + customer + ": [\"" + backupStore + "\"] }",
        "metrics: { address: \"127.0.0.1:" + metricsPort + "\" }", "");
  }

  /** stackctl, as an operator types it, against the Temporal server on {@link #temporalPort}. */
  Cli stackctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = io.stackpilot.cli.Stackctl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--address");
    all.add("127.0.0.1:" + temporalPort);
    return new Cli(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  /** GET on the stack's web service at {@code port}, waiting for it to answer. */
  static String get(int port, String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Exception last = null;
    for (int i = 0; i < 40; i++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        last = e;
        Thread.sleep(250);
      }
    }
    throw new AssertionError("web did not answer on port " + port, last);
  }

  /** Removes the stack's containers, network and volumes from {@code docker}, and its Azurite container. */
  void remove(DockerClient docker) {
    removeFromHost(docker);
    if (azureBackups != null) {
      azureBackups.deleteIfExists();
    }
  }

  /** Removes the stack's containers, network and volumes from {@code docker}; its backups stay. */
  void removeFromHost(DockerClient docker) {
    new ComposeApplier(docker, Duration.ofMinutes(1), RegistryCredentials.none()).down(customer);
    for (String volume : new String[] {"db-data", "app-data"}) {
      try {
        docker.removeVolumeCmd(customer + "_" + volume).exec();
      } catch (RuntimeException gone) {
        // never created on this engine
      }
    }
  }

  /** Releases from {@code dir} (a release store directory) instead of the one dev/env published. */
  TestStack withReleases(Path dir) {
    releaseStore = dir.toString();
    return this;
  }

  /**
   * A release store in {@code dir} holding release 1.0.0 whose web image has tag {@code tag}, which no registry holds
   * until a test pushes it: the install waits for an operator at "pull images".
   */
  static Path releaseWithMissingWebImage(Path dir, String tag) throws IOException {
    copyTree(TestEnvironment.releasesDir().resolve("1.0.0"), dir.resolve("1.0.0"));
    Path releaseYaml = dir.resolve("1.0.0/release.yaml");
    Files.writeString(releaseYaml, Files.readString(releaseYaml).replace("demo/web:1.0.0", "demo/web:" + tag));
    return dir;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static Path releases() {
    return TestEnvironment.releasesDir();
  }
}
