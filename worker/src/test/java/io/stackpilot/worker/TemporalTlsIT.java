package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.NoopScope;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.worker.config.WorkerConfig;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to Temporal through a real terminator: nginx, with a private CA and client certificates required, in front of
 * Temporal's test server. The right CA and a client certificate connect; a wrong CA, another server name or no client
 * certificate are refused, each with what to change.
 */
class TemporalTlsIT {

  @TempDir
  Path dir;

  private EmbeddedTemporal temporal;
  private Process nginx;
  private int tlsPort;

  private void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
  }

  /** A CA, and a certificate it signs for {@code name}. */
  private void certificates() throws Exception {
    for (String ca : List.of("ca", "other-ca")) {
      openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".pem", "-days", "2",
          "-subj", "/CN=" + ca);
    }
    for (String[] leaf : List.of(new String[] {"server", "temporal.test"}, new String[] {"client", "stackpilot-worker"})) {
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", leaf[0] + ".key", "-out", leaf[0] + ".csr", "-subj",
          "/CN=" + leaf[1], "-addext", "subjectAltName=DNS:" + leaf[1]);
      openssl("x509", "-req", "-in", leaf[0] + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
          leaf[0] + ".pem", "-days", "2", "-copy_extensions", "copy");
    }
  }

  @BeforeEach
  void nginxWithClientCertificatesInFrontOfTemporal() throws Exception {
    assertThat(Path.of("/usr/sbin/nginx")).as("this test needs Debian's nginx: run dev/setup (as root) or apt-get "
        + "install -y nginx-light").exists();
    certificates();
    int temporalPort = FreePorts.loopback();
    temporal = EmbeddedTemporal.start(temporalPort);
    tlsPort = FreePorts.loopback();
    for (String temp : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      Files.createDirectories(dir.resolve(temp));
    }
    Path conf = Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
        "daemon off;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " info;", "events {}", "http {", "  access_log off;",
        "  client_body_temp_path " + dir.resolve("body") + ";", "  proxy_temp_path " + dir.resolve("proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";", "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("scgi") + ";", "  server {",
        "    listen 127.0.0.1:" + tlsPort + " ssl http2;",
        "    ssl_certificate " + dir.resolve("server.pem") + ";",
        "    ssl_certificate_key " + dir.resolve("server.key") + ";",
        "    ssl_client_certificate " + dir.resolve("ca.pem") + ";",
        "    ssl_verify_client on;",
        "    location / { grpc_pass grpc://127.0.0.1:" + temporalPort + "; }",
        "  }", "}", ""));
    nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", dir.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    for (int i = 0; i < 100; i++) {
      try (Socket ignored = new Socket("127.0.0.1", tlsPort)) {
        return;
      } catch (IOException notYet) {
        assertThat(nginx.isAlive()).as(Files.readString(dir.resolve("nginx.out"))).isTrue();
        Thread.sleep(100);
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  private Optional<String> connect(Path clientCert, Path clientKey, Path ca, String serverName) {
    WorkerConfig.Temporal settings = new WorkerConfig.Temporal("127.0.0.1:" + tlsPort, "default", null, clientCert,
        clientKey, null, ca, serverName);
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        TemporalConnection.options(settings, "127.0.0.1:" + tlsPort, new NoopScope()));
    try {
      return TemporalConnection.unreachable(service, "127.0.0.1:" + tlsPort, settings);
    } finally {
      service.shutdownNow();
    }
  }

  @Test
  void mutualTlsWithAPrivateCaConnectsAndEveryMistakeIsNamed() {
    Path cert = dir.resolve("client.pem");
    Path key = dir.resolve("client.key");

    assertThat(connect(cert, key, dir.resolve("ca.pem"), "temporal.test")).as("the right CA, name and certificate")
        .isEmpty();
    assertThat(connect(cert, key, dir.resolve("other-ca.pem"), "temporal.test")).get().asString()
        .contains("does not answer: its certificate is not signed by the CA in temporal.tls.serverCa");
    assertThat(connect(cert, key, dir.resolve("ca.pem"), "temporal.other")).get().asString()
        .contains("its certificate is for another name than temporal.other");
    assertThat(connect(null, null, dir.resolve("ca.pem"), "temporal.test")).get().asString()
        .contains("the server asks for a client certificate: set temporal.tls.clientCert and clientKey");
  }
}
