package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.google.protobuf.util.JsonFormat;
import io.stackpilot.activities.compose.ComposeLabels;
import io.stackpilot.activities.git.GitSshServer;
import io.stackpilot.activities.git.Gpg;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.worker.config.WorkerConfigLoader;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The safeguards of the worker configuration, end to end through the worker as an operator configures it in YAML:
 * signed commits, SSH host keys, locked retention, payload encryption with its codec endpoint, and a stack's secret
 * that never leaves the host agent except into the mounted secret file.
 */
class SecurityIT {

  private static final String CODEC_TOKEN = "codec-caller-token-7f3a9c1e";

  private static final String HOST = "sec-host";

  private final DockerClient docker = TestEnvironment.docker();

  @TempDir
  Path temp;

  private TestStack stack;
  private StackpilotWorker worker;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void repo() throws Exception {
    stack = new TestStack(temp);
    stack.temporalPort = FreePorts.loopback();
  }

  @AfterEach
  void down() throws Exception {
    if (worker != null) {
      worker.close();
    }
    for (AutoCloseable c : closing) {
      c.close();
    }
    stack.remove(docker);
  }

  /** Starts a worker from a YAML configuration: both roles, this stack's host and secrets, plus {@code extra}. */
  private WorkflowClient startWorker(String extra, Map<String, String> environment) throws Exception {
    Path file = Files.writeString(temp.resolve("worker-" + UUID.randomUUID() + ".yaml"), String.join("\n",
        "roles: [control, host-agent]",
        "host: " + HOST,
        "docker: { host: \"" + TestEnvironment.dockerHost() + "\" }",
        "stacksDir: " + temp.resolve("stacks"),
        "gitCacheDir: " + temp.resolve("git-cache-" + UUID.randomUUID()),
        "releaseStore: " + TestEnvironment.releasesDir(),
        "secrets: { dir: \"" + stack.secretsDir() + "\" }",
        extra.contains("backupStores:") ? "" : "backupStores: { " + stack.customer + ": [\"" + stack.backupStore() + "\"] }",
        extra, ""));
    worker = new StackpilotWorker(new WorkerConfigLoader(environment).load(file), stack.temporalPort);
    return worker.start();
  }

  @Test
  void unsignedCommitIsRefusedBeforeAnySideEffectAndASignedOneIsPlanned() throws Exception {
    Gpg gpg = new Gpg(Path.of("/tmp", "gpg-" + UUID.randomUUID().toString().substring(0, 8)));
    closing.add(gpg);
    String fingerprint = gpg.createKey("Release Bot <release-bot@example.invalid>");
    Path trusted = Files.writeString(temp.resolve("release-bot.asc"), gpg.exportPublic(fingerprint));
    stack.commit("1.0.0", HOST, FreePorts.lasting());
    startWorker(String.join("\n",
        "git:",
        "  signedCommits: [{ urlPrefix: \"" + stack.repoUrl() + "\", keys: [\"" + trusted + "\"] }]"), Map.of());

    TestStack.Cli install = stack.stackctl("install", stack.customer, "--repo", stack.repoUrl(), "--wait");

    assertThat(install.exitCode()).as(install.out() + install.err()).isEqualTo(3);
    assertThat(install.out() + install.err()).contains("is not signed; this repo may only deploy commits signed by "
        + fingerprint.toUpperCase());
    assertThat(docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(ComposeLabels.PROJECT, stack.customer)).exec()).as("no container").isEmpty();
    assertThat(temp.resolve("stacks").resolve(stack.customer)).as("no stack directory").doesNotExist();
    assertThat(stack.backups().resolve(stack.customer)).as("no backup seeded").doesNotExist();

    Path stackYaml = stack.dir.resolve("repo/stack.yaml");
    Files.writeString(stackYaml, Files.readString(stackYaml) + "# signed by the release bot\n");
    stack.git.add().addFilepattern("stack.yaml").call();
    gpg.signedCommit(stack.dir.resolve("repo"), fingerprint, "signed");
    TestStack.Cli plan = stack.stackctl("plan", stack.customer, "--repo", stack.repoUrl());

    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    assertThat(plan.out()).startsWith("plan for " + stack.customer + " on " + HOST + ": release 1.0.0");
  }

  @Test
  void aStackKeepsBackupsOnlyInItsCustomersStores() throws Exception {
    String others = "file://" + temp.resolve("customers");
    startWorker(String.join("\n", "backupStores:", "  " + stack.customer + ": [\"" + stack.backupStore() + "\"]",
        "  \"*\": [\"" + others + "/{customer}\"]"), Map.of());
    for (String elsewhere : List.of("file:///", others + "/beta", stack.backupStore() + "-beta")) {
      stack.commit("1.0.0", HOST, FreePorts.lasting(), "file:///var/backups/stackpilot/acme", elsewhere);

      TestStack.Cli install = stack.stackctl("install", stack.customer, "--repo", stack.repoUrl(), "--wait");

      assertThat(install.exitCode()).as(install.out() + install.err()).isEqualTo(3);
      assertThat(install.out() + install.err()).contains("backup.store: '" + elsewhere + "' is not one of customer "
          + stack.customer + "'s backup locations: this worker keeps its backups in or below " + stack.backupStore()
          + " or " + others + "/" + stack.customer);
    }
    assertThat(temp.resolve("customers")).as("nothing written elsewhere").doesNotExist();
    assertThat(stack.backups()).as("nothing seeded").doesNotExist();
    assertThat(temp.resolve("stacks").resolve(stack.customer)).as("no stack directory").doesNotExist();
  }

  @Test
  void sshRepoWithAnUnknownHostKeyIsRefusedAndAKnownOneIsFetched() throws Exception {
    stack.commit("1.0.0", HOST, FreePorts.lasting());
    Path key = temp.resolve("id_ecdsa");
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", key.toString())
        .redirectErrorStream(true).start();
    assertThat(keygen.waitFor()).isZero();
    PublicKey authorized = AuthorizedKeyEntry.readAuthorizedKeys(Path.of(key + ".pub")).get(0).resolvePublicKey(null, null, null);
    Path srv = Files.createDirectory(temp.resolve("srv"));
    Git.cloneRepository().setURI(stack.repoUrl()).setBare(true).setDirectory(srv.resolve("acme.git").toFile()).call().close();
    GitSshServer server = new GitSshServer(srv, temp.resolve("host-key"), authorized);
    closing.add(server);
    String url = server.url("acme.git");
    String prefix = url.substring(0, url.indexOf('/', "ssh://".length()) + 1);
    Path unknown = Files.writeString(temp.resolve("known_hosts_empty"), "");
    Path known = Files.writeString(temp.resolve("known_hosts"), server.knownHostsLine() + "\n");

    startWorker("git:\n  ssh: [{ urlPrefix: \"" + prefix + "\", privateKey: \"" + key + "\", knownHosts: \"" + unknown + "\" }]",
        Map.of());
    TestStack.Cli refused = stack.stackctl("plan", stack.customer, "--repo", url);
    worker.close();
    startWorker("git:\n  ssh: [{ urlPrefix: \"" + prefix + "\", privateKey: \"" + key + "\", knownHosts: \"" + known + "\" }]",
        Map.of());
    TestStack.Cli fetched = stack.stackctl("plan", stack.customer, "--repo", url);

    assertThat(refused.exitCode()).as(refused.out()).isNotZero();
    assertThat(refused.out() + refused.err()).contains("Server key did not validate");
    assertThat(fetched.exitCode()).as(fetched.out() + fetched.err()).isZero();
    assertThat(fetched.out()).startsWith("plan for " + stack.customer + " on " + HOST + ": release 1.0.0");
  }

  @Test
  void secretsStayOnTheHostPayloadsAreEncryptedAndRetentionIsReportedOnce() throws Exception {
    String sentinelSecret = "sentinel-secret-" + UUID.randomUUID();
    String sentinelRef = "sentinel-ref-" + UUID.randomUUID().toString().substring(0, 8);
    String sentinelError = "sentinel-missing-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(stack.secretsDir().resolve(stack.customer).resolve("db-root-password"), sentinelSecret + "\n");
    stack.withAzureBackups(TestEnvironment.azuriteConnectionString());
    String account = stack.azureAccounts().keySet().iterator().next();
    stack.commit("1.0.0", HOST, FreePorts.lasting());
    stack.git.branchCreate().setName(sentinelRef).call();
    String codecKey = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 32).getBytes(StandardCharsets.US_ASCII));
    Path codecKeyFile = Files.writeString(temp.resolve("codec-k1"), codecKey);
    String customerKey = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 32)
        .getBytes(StandardCharsets.US_ASCII));
    Path customerKeyFile = Files.writeString(temp.resolve("codec-wk1"), customerKey);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logged);
    try {
      WorkflowClient client = startWorker(String.join("\n",
          "azure:",
          "  accounts:",
          "    " + account + ": { connectionString: env:AZURITE, retention: P30D }",
          "codec:",
          "  keys: [{ id: k1, key: env:CODEC_K1 }]",
          "  endpoint: 127.0.0.1:0",
          "  tokens: [env:CODEC_TOKEN]",
          "  customerKeys: [{ customers: [\"wk-*\"], keys: [{ id: wk1, key: env:CODEC_WK1 }] }]",
          "  oidc: { clients: [temporal-ui] }",
          "dashboard:",
          "  address: 127.0.0.1:0",
          "  oidc: { issuer: \"" + TestEnvironment.keycloakIssuer() + "\", clientId: stackpilot-dashboard, "
              + "redirectUri: \"http://127.0.0.1:1/login/oidc/callback\" }",
          "  grants:",
          "    - { role: viewer, groups: [platform] }",
          "    - { role: operator, groups: [acme-support], customers: [\"wk-*\"] }"),
          Map.of("AZURITE", TestEnvironment.azuriteConnectionString(), "CODEC_K1", codecKey, "CODEC_TOKEN", CODEC_TOKEN,
              "CODEC_WK1", customerKey));
      String[] withKey = {"--codec-key", "k1=file:" + codecKeyFile + ",wk1=file:" + customerKeyFile,
          "--codec-customers", "wk-*=wk1"};

      TestStack.Cli install = stackctl(withKey, "install", stack.customer, "--repo", stack.repoUrl(), "--ref", sentinelRef,
          "--wait");
      TestStack.Cli backup = stackctl(withKey, "backup", stack.customer, "--repo", stack.repoUrl(), "--wait");
      TestStack.Cli update = stackctl(withKey, "update", stack.customer, "--repo", stack.repoUrl(), "--ref", sentinelError,
          "--wait");
      TestStack.Cli catalog = stackctl(withKey, "backups", stack.customer, "--repo", stack.repoUrl());
      TestStack.Cli status = stackctl(withKey, "status", stack.customer);
      TestStack.Cli statusWithoutKey = stack.stackctl("status", stack.customer);
      TestStack.Cli statusWithTheFleetsKeyOnly = stack.stackctl("status", stack.customer, "--codec-key",
          "k1=file:" + codecKeyFile);

      assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
      assertThat(backup.exitCode()).as(backup.out() + backup.err()).isZero();
      assertThat(update.exitCode()).as(update.out() + update.err()).isEqualTo(3);
      assertThat(status.out()).as("operators with the key read the run").contains(sentinelError);
      assertThat(catalog.out()).as("the catalog of a store in Azurite").startsWith("backups of " + stack.customer + " in azure://")
          .containsPattern(runId(backup.out()).substring(0, 8) + " +manual +1\\.0\\.0 +1 .* complete")
          .containsPattern("vanilla-1\\.0\\.0 +vanilla +1\\.0\\.0 .* complete");
      assertThat(statusWithoutKey.exitCode()).isNotZero();
      assertThat(statusWithoutKey.out() + statusWithoutKey.err()).doesNotContain(sentinelError);
      assertThat(statusWithTheFleetsKeyOnly.out() + statusWithTheFleetsKeyOnly.err())
          .as("a holder of the fleet's key but not of the customer's, as another customer's host agent")
          .doesNotContain(sentinelError).contains("encrypted with key 'wk1', which is not configured");

      List<byte[]> histories = new ArrayList<>();
      for (TestStack.Cli run : List.of(install, backup, update)) {
        histories.add(history(client, runId(run.out())).toByteArray());
      }
      byte[] described = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default")
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(StackNames.operationId(stack.customer))).build())
          .toByteArray();
      for (byte[] raw : histories) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertThat(text).as("raw history").doesNotContain(sentinelSecret).doesNotContain(sentinelRef)
            .doesNotContain(sentinelError).contains("binary/encrypted").contains("wk1");
      }
      assertThat(new String(described, StandardCharsets.ISO_8859_1)).as("memo and search attributes")
          .doesNotContain(sentinelSecret).doesNotContain(sentinelError);

      HistoryEvent started = history(client, runId(install.out())).getEvents(0);
      String decoded = decode(started.getWorkflowExecutionStartedEventAttributes().getInput());
      assertThat(decoded).as("the codec endpoint decrypts for the Web UI").contains(sentinelRef);

      assertThat(logged.list).as("worker log").allSatisfy(event -> assertThat(event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
          .doesNotContain(sentinelSecret));
      assertThat(logged.list).filteredOn(e -> e.getFormattedMessage().startsWith("retention NOT applied in azure://" + account))
          .as("retention reported once, not per blob").hasSize(1);

      var container = new BlobServiceClientBuilder().connectionString(TestEnvironment.azuriteConnectionString()).buildClient()
          .getBlobContainerClient("backups-" + stack.customer);
      List<String> manifests = stack.azureBackupBlobs().stream().filter(b -> b.endsWith("manifest.json")).toList();
      assertThat(manifests).hasSizeGreaterThanOrEqualTo(2);
      for (String manifest : manifests) {
        assertThat(container.getBlobClient(manifest).downloadContent().toString()).doesNotContain(sentinelSecret);
      }
      List<Container> containers = docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(ComposeLabels.PROJECT, stack.customer)).exec();
      assertThat(containers).hasSize(3);
      for (Container c : containers) {
        InspectContainerResponse inspected = docker.inspectContainerCmd(c.getId()).exec();
        assertThat(String.join("\n", inspected.getConfig().getEnv())).doesNotContain(sentinelSecret);
        assertThat(inspected.getConfig().getLabels().toString()).doesNotContain(sentinelSecret);
      }
      assertThat(temp.resolve("stacks").resolve(stack.customer).resolve("secrets/db-root-password"))
          .as("the mounted secret file is the one place it is").content().contains(sentinelSecret);
    } finally {
      root.detachAppender(logged);
    }
  }

  private TestStack.Cli stackctl(String[] options, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(options));
    return stack.stackctl(all.toArray(String[]::new));
  }

  private static String runId(String stackctlOut) {
    Matcher m = Pattern.compile("\\(run ([0-9a-f-]+)\\)").matcher(stackctlOut);
    assertThat(m.find()).as(stackctlOut).isTrue();
    return m.group(1);
  }

  private History history(WorkflowClient client, String runId) {
    return client.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default")
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(StackNames.operationId(stack.customer)).setRunId(runId))
            .build()).getHistory();
  }

  /**
   * What the Temporal Web UI or {@code temporal --codec-auth} does with a payload it cannot read: POST it to the codec
   * endpoint's /decode with a bearer token. Without the token, with another, or by a name the endpoint does not go by
   * (DNS rebinding), it gets nothing.
   */
  private String decode(Payloads payloads) throws Exception {
    String body = JsonFormat.printer().print(payloads);
    try (java.net.Socket slow = new java.net.Socket("127.0.0.1", worker.codecPort())) {
      // A client that never finishes its request holds a thread of the endpoint's own, not the endpoint.
      slow.getOutputStream().write(("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      return decodeWhile(body);
    }
  }

  private String decodeWhile(String body) throws Exception {
    assertThat(codecCall(body, null, null).statusCode()).as("no token").isEqualTo(401);
    assertThat(codecCall(body, "Bearer not-the-codec-token-000", null).statusCode()).as("another token").isEqualTo(401);
    Answer rebound = codecCall(body, "Bearer " + CODEC_TOKEN, "attacker.example:" + worker.codecPort());
    assertThat(rebound.statusCode()).as("another host name").isEqualTo(421);
    assertThat(rebound.body()).doesNotContain("sentinel");
    String alice = accessToken("alice");
    Answer asAlice = codecCall(body, "Bearer " + alice, null);
    assertThat(asAlice.statusCode()).as("the Web UI passing on alice's sign-in: she may read every stack "
        + asAlice.body()).isEqualTo(200);
    Answer asVera = codecCall(body, "Bearer " + accessToken("vera"), null);
    assertThat(asVera.statusCode()).as("vera operates wk-* only, and a payload does not say whose it is").isEqualTo(403);
    assertThat(asVera.body()).startsWith("refused: vera may not read every stack's payloads");
    String forged = alice.substring(0, alice.lastIndexOf('.') + 1) + new StringBuilder(alice.substring(
        alice.lastIndexOf('.') + 1)).reverse();
    assertThat(codecCall(body, "Bearer " + forged, null).statusCode()).as("alice's token with another signature")
        .isEqualTo(401);
    Answer response = codecCall(body, "Bearer " + CODEC_TOKEN, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Payloads.Builder decoded = Payloads.newBuilder();
    JsonFormat.parser().merge(response.body(), decoded);
    return decoded.build().getPayloads(0).getData().toStringUtf8();
  }

  private record Answer(int statusCode, String body) {}

  /**
   * An access token dev/env's Keycloak issues to the test realm's client temporal-ui for {@code user}, as the Web UI
   * holds one after its own sign-in (the test client takes the password grant, so no browser is needed here).
   */
  private static String accessToken(String user) throws Exception {
    String form = "grant_type=password&client_id=temporal-ui&client_secret=temporal-ui-test-secret-0123456789"
        + "&scope=openid&username=" + user + "&password=" + user + "-password";
    java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(TestEnvironment.keycloakIssuer()
            + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("access_token").asText();
  }

  private Answer codecCall(String body, String authorization, String host) throws Exception {
    String url = "http://" + (host == null ? "127.0.0.1:" + worker.codecPort() : host) + "/decode";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("X-Namespace", "default").POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (host != null) {
      // The name resolves elsewhere: connect to the endpoint and send the other name, as a rebinding page would.
      return rawPost(body, authorization, host);
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** A POST over a plain socket, with a Host header of its own choosing (HttpClient will not send one). */
  private Answer rawPost(String body, String authorization, String host) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", worker.codecPort())) {
      socket.setSoTimeout(10_000);
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      String head = "POST /decode HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
          + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Content-Length: "
          + content.length + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      String responseBody = response.substring(response.indexOf("\r\n\r\n") + 4);
      return new Answer(status, responseBody);
    }
  }
}
