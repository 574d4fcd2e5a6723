package io.stackpilot.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The worker's effective configuration: a YAML file with environment variables overriding it. Credentials are
 * references (env:NAME, file:/path) resolved at start; only {@link #masked()} is ever printed.
 */
public record WorkerConfig(
    Temporal temporal,
    List<String> roles,
    String host,
    String dockerHost,
    Path stacksDir,
    Path gitCacheDir,
    String releaseStore,
    Map<String, String> azureAccounts,
    List<GitCredential> gitCredentials,
    List<Registry> registries,
    String metricsAddress,
    int restoreLoaders) {

  public static final List<String> ROLES = List.of("control", "host-agent");

  /** Connections a restore loads rows over at most; 0 follows the machine. */
  public static final int MAX_RESTORE_LOADERS = 32;

  /** Where Temporal is; no address means the embedded development server on port 7233. */
  public record Temporal(String address, String namespace, String apiKey, Path tlsCert, Path tlsKey) {
    public boolean embedded() {
      return address == null || address.isBlank();
    }
  }

  public record GitCredential(String urlPrefix, String username, String password) {}

  public record Registry(String registry, String username, String password) {}

  public boolean control() {
    return roles.contains("control");
  }

  public boolean hostAgent() {
    return roles.contains("host-agent");
  }

  /** The configuration as it may be logged: every credential replaced by "****". */
  public String masked() {
    StringBuilder out = new StringBuilder();
    out.append("temporal: ").append(temporal.embedded() ? "embedded test server (port 7233, development only)" : temporal.address())
        .append(" namespace ").append(temporal.namespace())
        .append(temporal.apiKey() == null ? "" : " apiKey ****")
        .append(temporal.tlsCert() == null ? "" : " tls " + temporal.tlsCert()).append('\n');
    out.append("roles: ").append(String.join(", ", roles)).append('\n');
    if (hostAgent()) {
      out.append("host: ").append(host).append(" (task queue host-").append(host).append(")\n");
      out.append("docker: ").append(dockerHost).append('\n');
      out.append("stacksDir: ").append(stacksDir).append('\n');
      out.append("restore.loaders: ").append(restoreLoaders == 0 ? "follow the machine" : restoreLoaders).append('\n');
    }
    out.append("gitCacheDir: ").append(gitCacheDir).append('\n');
    out.append("releaseStore: ").append(releaseStore).append('\n');
    azureAccounts.keySet().forEach(a -> out.append("azure account ").append(a).append(": connection string ****\n"));
    gitCredentials.forEach(g -> out.append("git ").append(g.urlPrefix()).append(": ").append(g.username()).append(" / ****\n"));
    out.append("metrics: ").append(metricsAddress == null ? "off (set metrics.address, e.g. 127.0.0.1:9464)"
        : "http://" + metricsAddress + "/metrics").append('\n');
    registries.forEach(r -> out.append("registry ").append(r.registry()).append(": ").append(r.username()).append(" / ****\n"));
    return out.toString();
  }
}
