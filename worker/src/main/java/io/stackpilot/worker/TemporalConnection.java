package io.stackpilot.worker;

import com.uber.m3.tally.Scope;
import io.grpc.health.v1.HealthCheckResponse;
import io.stackpilot.worker.config.WorkerConfig;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the worker reaches Temporal's frontend: plain on a private network, TLS with an API key (Temporal Cloud), or TLS
 * that trusts a private CA, checks the server's certificate for a given name, and shows a client certificate when the
 * server asks for one (mutual TLS).
 */
final class TemporalConnection {

  /** The frontend does not answer when the worker starts: it says why, and the worker does not start. */
  static final class Unreachable extends RuntimeException {
    Unreachable(String why) {
      super(why);
    }
  }

  private TemporalConnection() {}

  static WorkflowServiceStubsOptions options(WorkerConfig.Temporal temporal, String target, Scope metrics) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(target)
        .setMetricsScope(metrics);
    if (temporal.apiKey() != null) {
      options.addApiKey(temporal::apiKey).setEnableHttps(true);
    }
    if (temporal.tls()) {
      try {
        SimpleSslContextBuilder tls = temporal.tlsCert() == null ? SimpleSslContextBuilder.noKeyOrCertChain()
            : clientCertificate(temporal.tlsCert(), temporal.tlsKey());
        if (temporal.serverCa() != null) {
          tls.setTrustManager(trusting(temporal.serverCa()));
        }
        options.setSslContext(tls.build());
      } catch (IOException e) {
        throw new UncheckedIOException("temporal.tls: " + e.getMessage(), e);
      }
      if (temporal.serverName() != null) {
        options.setChannelInitializer(channel -> channel.overrideAuthority(temporal.serverName()));
      }
    }
    return options.build();
  }

  /**
   * Why the frontend at {@code target} does not answer, in the operator's words where TLS is the cause; empty when it
   * answers.
   */
  static Optional<String> unreachable(WorkflowServiceStubs service, String target, WorkerConfig.Temporal temporal) {
    try {
      HealthCheckResponse.ServingStatus status = service.healthCheck().getStatus();
      return status == HealthCheckResponse.ServingStatus.SERVING ? Optional.empty()
          : Optional.of("Temporal at " + target + " answers " + status);
    } catch (RuntimeException e) {
      return Optional.of("Temporal at " + target + " does not answer: " + explain(e, temporal));
    }
  }

  private static String explain(Throwable failure, WorkerConfig.Temporal temporal) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      chain.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
    }
    String all = chain.toString();
    if (all.contains("PKIX") || all.contains("unable to find valid certification path")
        || all.contains("CertPathValidatorException")) {
      return "its certificate is not signed by " + (temporal.serverCa() == null ? "a CA this machine trusts; name the "
          + "server's CA in temporal.tls.serverCa" : "the CA in temporal.tls.serverCa (" + temporal.serverCa() + ")");
    }
    if (all.contains("No subject alternative") || all.contains("doesn't match any of the subject alternative names")) {
      return "its certificate is for another name than " + (temporal.serverName() == null ? "the address"
          : temporal.serverName()) + "; set temporal.tls.serverName to the name in its certificate";
    }
    if (all.contains("No required SSL certificate") || all.contains("certificate_required")
        || all.contains("bad_certificate")) {
      return temporal.tlsCert() == null ? "the server asks for a client certificate: set temporal.tls.clientCert and "
          + "clientKey" : "the server refuses the client certificate " + temporal.tlsCert();
    }
    return failure.getMessage();
  }

  /** The builder reads its streams when it builds: they hold the files' bytes, not open files. */
  private static SimpleSslContextBuilder clientCertificate(Path cert, Path key) throws IOException {
    return SimpleSslContextBuilder.forPKCS8(new ByteArrayInputStream(Files.readAllBytes(cert)),
        new ByteArrayInputStream(Files.readAllBytes(key)));
  }

  /** Trusts the CA certificates in the PEM file {@code ca}, and only those. */
  private static TrustManager trusting(Path ca) throws IOException {
    try (InputStream in = Files.newInputStream(ca)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IOException("serverCa " + ca + " holds no PEM certificate");
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("serverCa " + ca + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
