package io.stackpilot.cli;

import io.stackpilot.model.SecretRef;
import io.stackpilot.workflows.client.PayloadEncryption;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Option(names = "--codec-key", paramLabel = "<id>=<reference>", split = ",",
      defaultValue = "${env:STACKPILOT_CODEC_KEYS}",
      description = "Payload encryption key as the workers have it, e.g. k2=env:STACKPILOT_CODEC_KEY or "
          + "k1=file:/etc/stackpilot/codec-k1 (base64 AES key); repeat for old keys, the first encrypts "
          + "(default: $STACKPILOT_CODEC_KEYS).")
  List<String> codecKeys;

  @Option(names = "--codec-customers", paramLabel = "<pattern>=<id>", split = ",",
      defaultValue = "${env:STACKPILOT_CODEC_CUSTOMERS}",
      description = "Which --codec-key encrypts which customers' payloads, as the workers' codec.customerKeys, e.g. "
          + "acme*=acme-k1 (default: $STACKPILOT_CODEC_CUSTOMERS).")
  List<String> codecCustomers;

  @Option(names = "--as", paramLabel = "<name>", defaultValue = "${env:STACKPILOT_OPERATOR}",
      description = "Who you say you are, recorded in the run's history as the identity of what you start and decide "
          + "(default: $STACKPILOT_OPERATOR, else who stackctl login signed in, else your login name). Temporal "
          + "authorises the call, not this name.")
  String operator;

  @Option(names = "--identity-file", defaultValue = "${env:STACKPILOT_IDENTITY_FILE}",
      description = "Where stackctl login keeps the sign-in (default: $STACKPILOT_IDENTITY_FILE, else "
          + "~/.config/stackpilot/identity.json).")
  Path identityFile;

  /**
   * What the run's history records as the author of what this stackctl starts, decides and signals: the name given,
   * or the one the identity provider proved at stackctl login while that lasts, or the login name.
   */
  String identity() {
    String process = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    if (operator == null || operator.isBlank()) {
      java.util.Optional<SignedIn> signedIn = SignedIn.read(identityFile == null ? SignedIn.defaultFile() : identityFile,
          java.time.Instant.now());
      if (signedIn.isPresent()) {
        return "operator " + signedIn.get().name() + " via stackctl, signed in through " + signedIn.get().issuer()
            + " (" + process + ")";
      }
    }
    String name = operator == null || operator.isBlank() ? System.getProperty("user.name", "unknown") : operator.strip();
    if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new IllegalArgumentException("--as: '" + name + "' is not a name of letters, digits and . _ @ - "
          + "(at most 64)");
    }
    return "operator " + name + " via stackctl (" + process + ")";
  }

  private WorkflowServiceStubs service;
  private WorkflowClient client;

  /** The command's one connection to Temporal, opened on first use; {@link #disconnect} ends it. */
  WorkflowClient connect() {
    if (client != null) {
      return client;
    }
    String identity = identity();
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
    WorkflowClientOptions clientOptions = WorkflowClientOptions.newBuilder().setNamespace(namespace)
        .setIdentity(identity)
        .setDataConverter(codecKeys == null || codecKeys.isEmpty() ? StackpilotDataConverter.create()
            : StackpilotDataConverter.create(new PayloadEncryption(codecKeys(), true, codecCustomers()))).build();
    service = WorkflowServiceStubs.newServiceStubs(options.build());
    client = WorkflowClient.newInstance(service, clientOptions);
    return client;
  }

  /**
   * Ends the connection when the command is done. A process running stackctl's commands one after another (a test,
   * a drill, a tool embedding it) would otherwise keep one open connection to Temporal per command.
   */
  void disconnect() {
    if (service != null) {
      service.shutdownNow();
      service = null;
      client = null;
    }
  }

  private List<PayloadEncryption.CustomerKeys> codecCustomers() {
    if (codecCustomers == null) {
      return List.of();
    }
    return codecCustomers.stream().map(entry -> {
      String[] parts = entry.split("=", 2);
      if (parts.length != 2 || !io.stackpilot.model.NamePattern.FORM.matcher(parts[0]).matches() || parts[1].isBlank()) {
        throw new IllegalArgumentException("--codec-customers: '" + entry + "' is not <pattern>=<key id>, e.g. acme*=acme-k1");
      }
      return new PayloadEncryption.CustomerKeys(List.of(parts[0]), parts[1]);
    }).toList();
  }

  private Map<String, byte[]> codecKeys() {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (String entry : codecKeys) {
      int eq = entry.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("--codec-key: '" + entry.replaceAll("=.*", "=…")
            + "' is not <id>=env:NAME or <id>=file:/path");
      }
      String id = entry.substring(0, eq);
      String reference = entry.substring(eq + 1);
      SecretRef ref = SecretRef.parse(reference).orElseThrow(() -> new IllegalArgumentException("--codec-key " + id
          + ": the key must be a reference " + SecretRef.FORMS + ", never the key itself (it would stay in the shell's "
          + "history)"));
      String value;
      try {
        value = ref.read(System.getenv());
      } catch (IOException e) {
        throw new IllegalArgumentException("--codec-key " + id + ": cannot read " + ref.text().substring(5));
      }
      byte[] key;
      try {
        key = value == null ? new byte[0] : Base64.getDecoder().decode(value.trim());
      } catch (IllegalArgumentException e) {
        key = new byte[0];
      }
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        throw new IllegalArgumentException("--codec-key " + id + ": " + reference + (value == null ? " is not set"
            : " is not an AES key of 16, 24 or 32 bytes in base64"));
      }
      keys.put(id, key);
    }
    return keys;
  }
}
