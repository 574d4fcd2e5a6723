package io.stackpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** stackctl as operators and their CI run it: validate (exit codes, summary, every problem on its own line), help, errors. */
class StackctlTest {

  private static final Path SAMPLES = Path.of("..", "config-samples");
  private static final Path RELEASES = SAMPLES.resolve("releases");

  private record Run(int exitCode, String out, String err) {}

  private static Run stackctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Stackctl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void validSampleRepoPrintsOneLineSummaryAndExitsZero() {
    Run run = stackctl("validate", SAMPLES.resolve("customer-acme").toString(), "--releases", RELEASES.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("stack.yaml is valid: acme on acme-prod-1, release 1.0.0 (small), services db, web, "
        + "task-runner; backups to file:///var/backups/stackpilot/acme at 02:00 Europe/Berlin\n");
  }

  @Test
  void invalidStackPrintsEveryProblemOnItsOwnLineAndExitsTwo(@TempDir Path repo) throws IOException {
    Files.writeString(repo.resolve("stack.yaml"), Files.readString(SAMPLES.resolve("customer-acme/stack.yaml"))
        .replace("customer: acme", "customer: Acme Corp")
        .replace("services: [db, web, task-runner]", "services: [db, web, fax]"));

    Run run = stackctl("validate", repo.toString(), "--releases", RELEASES.toUri().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("""
        stack.yaml: customer: 'Acme Corp' must match [a-z0-9][a-z0-9-]{1,39}
        stack.yaml: services[2]: unknown service 'fax' (release 1.0.0 offers db, web, task-runner, reports)
        """);
  }

  @Test
  void repoWithoutStackYamlIsRefused(@TempDir Path repo) {
    Run run = stackctl("validate", repo.toString(), "--releases", RELEASES.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("stackctl: " + repo.resolve("stack.yaml") + ": no such file; a customer repo has stack.yaml at its root\n");
  }

  @Test
  void releaseStoreThatIsNoDirectoryIsAUsageError() {
    Run run = stackctl("validate", SAMPLES.resolve("customer-acme").toString(), "--releases", "/nonexistent/releases");

    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.err()).startsWith("stackctl: --releases: '/nonexistent/releases' is not a directory, a file:// URL or an http(s):// URL");
  }

  @Test
  void missingReleasesOptionIsAUsageError() {
    Run run = stackctl("validate", SAMPLES.resolve("customer-acme").toString());

    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.err()).startsWith("stackctl: Missing required option: '--releases=<release-store>'");
  }

  @Test
  void releaseStoreServedOverHttpIsRead() throws IOException {
    HttpServer server = fileServer(RELEASES);
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/releases";

      Run valid = stackctl("validate", SAMPLES.resolve("customer-acme").toString(), "--releases", url);
      Path broken = Files.createTempDirectory("repo");
      Files.writeString(broken.resolve("stack.yaml"), Files.readString(SAMPLES.resolve("customer-acme/stack.yaml"))
          .replace("release: 1.0.0", "release: 7.0.0"));
      Run missing = stackctl("validate", broken.toString(), "--releases", url);

      assertThat(valid.exitCode()).as(valid.err()).isZero();
      assertThat(missing.exitCode()).isEqualTo(2);
      assertThat(missing.out()).isEqualTo("stack.yaml: release: '7.0.0' does not exist in the release store "
          + "(the store does not list its releases)\n");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void releaseStoreAnsweringWithAnErrorExitsOne() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/releases?sig=s3cret";

      Run run = stackctl("validate", SAMPLES.resolve("customer-acme").toString(), "--releases", url);

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("answered HTTP 503").doesNotContain("s3cret");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void unreachableTemporalIsNamedWithoutAStackTrace() throws IOException {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    Run run = stackctl("status", "acme", "--address", "127.0.0.1:" + closed);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("stackctl: ").doesNotContain("\tat ");
  }

  @Test
  void helpListsEveryOperation() {
    Run run = stackctl("--help");

    assertThat(run.out()).contains("  install ", "  update ", "  migrate ", "  backup ", "  status ", "  watch ",
        "  retry ", "  skip ", "  abort ", "  validate ", "  plan ", "  history ", "  list ", "  reconcile ");
    assertThat(stackctl("reconcile", "--help").out()).contains("  start ", "  status ", "  pause ", "  resume ",
        "  sync ", "  retry ");
  }

  @Test
  void unknownOutputFormatIsAUsageErrorListingTheFormats() {
    Run run = stackctl("status", "acme", "--output", "yaml");

    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.err()).startsWith("stackctl: Invalid value for option '--output': expected one of [text, json] "
        + "(case-sensitive) but was 'yaml'");
  }

  @Test
  void halfATlsClientCertificateIsRefusedBeforeConnecting() {
    Run run = stackctl("status", "acme", "--tls-cert", "/etc/stackpilot/client.pem", "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("stackctl: --tls-cert and --tls-key go together (PEM certificate and PKCS#8 key)\n");
  }

  @Test
  void anOperatorNameThatIsNoNameIsRefusedBeforeConnecting() {
    Run run = stackctl("status", "acme", "--as", "alice; drop", "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("stackctl: --as: 'alice; drop' is not a name of letters, digits and . _ @ - "
        + "(at most 64)\n");
  }

  /** A plain static web server over a directory, on an ephemeral loopback port. */
  private static HttpServer fileServer(Path root) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/releases/", exchange -> {
      Path file = root.resolve(exchange.getRequestURI().getPath().substring("/releases/".length())).normalize();
      if (exchange.getRequestURI().getQuery() == null && file.startsWith(root) && Files.isRegularFile(file)) {
        byte[] body = Files.readAllBytes(file);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
      exchange.close();
    });
    server.start();
    return server;
  }

  @Test
  void anotherCustomersSecretIsRefusedByValidateNamingIt(@TempDir Path repo) throws IOException {
    Files.writeString(repo.resolve("stack.yaml"), Files.readString(SAMPLES.resolve("customer-acme/stack.yaml"))
        .replace("env:ACME__DB_ROOT_PASSWORD", "env:BETA__DB_ROOT_PASSWORD"));

    Run run = stackctl("validate", repo.toString(), "--releases", RELEASES.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("stack.yaml: secrets.db-root-password: environment variable BETA__DB_ROOT_PASSWORD is "
        + "not this customer's: the host agent serves many customers, so a stack may only name variables starting with ACME__\n");
  }

  @Test
  void repoUrlWithCredentialsIsRefusedBeforeAnyRunStartsAndTheTokenIsNotEchoed() {
    Run run = stackctl("install", "acme", "--repo", "https://ci-bot:ghp_s3cret@git.example.com/acme.git",
        "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(Stackctl.USAGE);
    assertThat(run.err()).startsWith("stackctl: --repo: repo URL https://****@git.example.com/acme.git carries credentials; "
        + "remove them and configure them in the worker configuration (git.credentials, by URL prefix)\n")
        .doesNotContain("ghp_s3cret");
  }

  @Test
  void codecKeyGivenAsAValueIsRefused() {
    Run run = stackctl("status", "acme", "--codec-key", "k1=AAAAAAAAAAAAAAAAAAAAAA==", "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("stackctl: --codec-key k1: the key must be a reference env:NAME or file:/path, never the "
        + "key itself (it would stay in the shell's history)\n");
  }

  @Test
  void importOfARelativePathIsRefusedBeforeAnyRunStarts() {
    Run run = stackctl("import", "acme", "--repo", "file:///srv/git/acme.git", "--db", "acme.sql.gz", "--schema-version", "1",
        "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(Stackctl.USAGE);
    assertThat(run.err()).startsWith("stackctl: 'acme.sql.gz' is not an absolute path: the host agent reads it on its host, "
        + "where this directory means nothing\n");
  }

  @Test
  void listingBackupsNeedsACustomerAndARepo() {
    Run run = stackctl("backups", "acme", "--address", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(Stackctl.USAGE);
    assertThat(run.err()).startsWith("stackctl: stackctl backups needs <customer> and --repo\n");
  }
}
