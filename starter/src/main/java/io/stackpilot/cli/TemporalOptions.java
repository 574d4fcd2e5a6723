package io.stackpilot.cli;

import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How stackctl reaches Temporal: the same address, namespace, API key or TLS client certificate as the worker. */
final class TemporalOptions {

  @Option(names = "--address", defaultValue = "${env:STACKPILOT_TEMPORAL_ADDRESS:-127.0.0.1:7233}",
      description = "Temporal frontend, host:port (default: $STACKPILOT_TEMPORAL_ADDRESS or ${DEFAULT-VALUE}).")
  String address;

  @Option(names = "--namespace", defaultValue = "${env:STACKPILOT_TEMPORAL_NAMESPACE:-default}",
      description = "Temporal namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--api-key-env", paramLabel = "<variable>", defaultValue = "STACKPILOT_TEMPORAL_API_KEY",
      description = "Environment variable holding an API key (Temporal Cloud); used over TLS when set "
          + "(default: ${DEFAULT-VALUE}).")
  String apiKeyVariable;

  @Option(names = "--tls-cert", paramLabel = "<pem>", description = "TLS client certificate (mTLS), with --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "<pkcs8>", description = "TLS client key (PKCS#8), with --tls-cert.")
  Path tlsKey;

  WorkflowClient connect() {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    String apiKey = System.getenv(apiKeyVariable);
    if (apiKey != null && !apiKey.isBlank()) {
      options.addApiKey(() -> apiKey).setEnableHttps(true);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together (PEM certificate and PKCS#8 key)");
    }
    if (tlsCert != null) {
      try (InputStream cert = Files.newInputStream(tlsCert); InputStream key = Files.newInputStream(tlsKey)) {
        options.setSslContext(SimpleSslContextBuilder.forPKCS8(cert, key).build());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the TLS client certificate or key", e);
      }
    }
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(options.build());
    return WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace(namespace)
        .setDataConverter(StackpilotDataConverter.create()).build());
  }
}
