package io.stackpilot.worker.config;

import io.stackpilot.model.StackRules;
import io.stackpilot.worker.dashboard.DashboardSettings;
import java.nio.file.Path;
import java.time.Duration;
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
    int restoreLoaders,
    Safeguards safeguards,
    Codec codec,
    Hooks hooks,
    List<NotifyWebhook> notifications,
    DashboardSettings dashboard) {

  /** The configuration without safeguards beyond the defaults and without payload encryption. */
  public WorkerConfig(Temporal temporal, List<String> roles, String host, String dockerHost, Path stacksDir, Path gitCacheDir,
      String releaseStore, Map<String, String> azureAccounts, List<GitCredential> gitCredentials, List<Registry> registries,
      String metricsAddress, int restoreLoaders) {
    this(temporal, roles, host, dockerHost, stacksDir, gitCacheDir, releaseStore, azureAccounts, gitCredentials, registries,
        metricsAddress, restoreLoaders, Safeguards.DEFAULT, Codec.NONE, Hooks.NONE, List.of(), DashboardSettings.NONE);
  }

  public WorkerConfig withSafeguards(Safeguards changed) {
    return new WorkerConfig(temporal, roles, host, dockerHost, stacksDir, gitCacheDir, releaseStore, azureAccounts,
        gitCredentials, registries, metricsAddress, restoreLoaders, changed, codec, hooks, notifications, dashboard);
  }

  public WorkerConfig withCodec(Codec changed) {
    return new WorkerConfig(temporal, roles, host, dockerHost, stacksDir, gitCacheDir, releaseStore, azureAccounts,
        gitCredentials, registries, metricsAddress, restoreLoaders, safeguards, changed, hooks, notifications, dashboard);
  }

  public WorkerConfig withNotifications(List<NotifyWebhook> changed) {
    return new WorkerConfig(temporal, roles, host, dockerHost, stacksDir, gitCacheDir, releaseStore, azureAccounts,
        gitCredentials, registries, metricsAddress, restoreLoaders, safeguards, codec, hooks, List.copyOf(changed), dashboard);
  }

  /**
   * A webhook notifications go to: {@code url} (resolved from its reference; a credential), {@code format} (json, slack,
   * teams) and the events it takes (empty: all).
   */
  public record NotifyWebhook(String url, String format, List<String> events) {}

  public WorkerConfig withHooks(Hooks changed) {
    return new WorkerConfig(temporal, roles, host, dockerHost, stacksDir, gitCacheDir, releaseStore, azureAccounts,
        gitCredentials, registries, metricsAddress, restoreLoaders, safeguards, codec, changed, notifications, dashboard);
  }

  public WorkerConfig withMetricsAddress(String changed) {
    return new WorkerConfig(temporal, roles, host, dockerHost, stacksDir, gitCacheDir, releaseStore, azureAccounts,
        gitCredentials, registries, changed, restoreLoaders, safeguards, codec, hooks, notifications, dashboard);
  }

  public WorkerConfig withDashboard(DashboardSettings changed) {
    return new WorkerConfig(temporal, roles, host, dockerHost, stacksDir, gitCacheDir, releaseStore, azureAccounts,
        gitCredentials, registries, metricsAddress, restoreLoaders, safeguards, codec, hooks, notifications, changed);
  }

  /**
   * Git push webhooks ({@code POST /hooks/git} on {@code address}): the secret GitHub and Gitea sign their payloads
   * with, and the token GitLab sends; a provider without one is refused.
   */
  public record Hooks(String address, String githubSecret, String giteaSecret, String gitlabToken) {
    public static final Hooks NONE = new Hooks(null, null, null, null);
  }

  /**
   * The checks a repository or stack.yaml cannot switch off: signed commits per repo URL prefix (armored OpenPGP
   * public keys), SSH keys with the known_hosts to trust, locked retention per Azure account, and what stacks may ask
   * of their hosts.
   */
  public record Safeguards(List<SignedCommits> signedCommits, List<SshKey> sshKeys, Map<String, Duration> retention,
      StackRules stackRules, io.stackpilot.activities.store.retention.BackupPruner.Floor pruneFloor, Rollouts rollouts) {
    public static final Safeguards DEFAULT = new Safeguards(List.of(), List.of(), Map.of(), StackRules.DEFAULT);

    public Safeguards(List<SignedCommits> signedCommits, List<SshKey> sshKeys, Map<String, Duration> retention,
        StackRules stackRules, io.stackpilot.activities.store.retention.BackupPruner.Floor pruneFloor) {
      this(signedCommits, sshKeys, retention, stackRules, pruneFloor, Rollouts.DEFAULT);
    }

    public Safeguards(List<SignedCommits> signedCommits, List<SshKey> sshKeys, Map<String, Duration> retention,
        StackRules stackRules) {
      this(signedCommits, sshKeys, retention, stackRules,
          io.stackpilot.activities.store.retention.BackupPruner.Floor.DEFAULT);
    }
  }

  public record SignedCommits(String urlPrefix, List<String> armoredKeys) {}

  /**
   * How a fleet rollout writes into customer repos (a control worker setting): the branches it never pushes to (names
   * or globs), the name and e-mail its commits carry, and the key that signs them (null: unsigned).
   */
  public record Rollouts(List<String> protectedBranches, String authorName, String authorEmail,
      io.stackpilot.activities.git.CommitSigner signer) {
    public static final Rollouts DEFAULT = new Rollouts(List.of(), "Stackpilot", "stackpilot@localhost", null);
  }

  public record SshKey(String urlPrefix, Path privateKey, Path knownHosts) {}

  /**
   * Payload encryption: the first key encrypts, every key decrypts (old keys stay listed while histories written
   * with them are read). {@code endpoint}: where the codec endpoint for the Web UI and the temporal CLI listens;
   * {@code tokens}: the bearer tokens its callers must send; {@code hosts}: the names it may be called by (besides its
   * own address and loopback); {@code acceptPlaintext}: workers read payloads that are not encrypted too.
   */
  public record Codec(List<CodecKey> keys, String endpoint, List<String> corsOrigins, List<String> tokens,
      List<String> hosts, boolean acceptPlaintext, List<String> oidcClients, List<CustomerKeys> customerKeys) {
    public static final Codec NONE = new Codec(List.of(), null, List.of(), List.of(), List.of(), false);

    public Codec(List<CodecKey> keys, String endpoint, List<String> corsOrigins, List<String> tokens, List<String> hosts,
        boolean acceptPlaintext) {
      this(keys, endpoint, corsOrigins, tokens, hosts, acceptPlaintext, List.of(), List.of());
    }

    public boolean enabled() {
      return !keys.isEmpty();
    }
  }

  /**
   * How much of Temporal's work one worker takes on: {@code workflowCacheSize} runs kept in memory between their tasks
   * (a loop that wakes and is not cached replays its history first; each cached loop holds a thread while it is), the
   * pollers of each task queue, and the activities it runs at once. 0: the SDK's default.
   */
  public record Capacity(int workflowCacheSize, int workflowPollers, int activityPollers, int maxConcurrentActivities) {
    public static final Capacity DEFAULT = new Capacity(0, 0, 0, 0);

    /** The SDK's default, or the cache size and a thread for each cached run plus room for new ones. */
    public int workflowThreads() {
      return workflowCacheSize == 0 ? 0 : workflowCacheSize + Math.max(100, workflowCacheSize / 10);
    }
  }

  /** An AES key (16, 24 or 32 bytes, base64) and the id written into each payload it encrypts. */
  public record CodecKey(String id, String base64Key) {}

  /** The keys of the customers whose names match {@code customers}: the first encrypts their payloads. */
  public record CustomerKeys(List<String> customers, List<CodecKey> keys) {}

  public static final List<String> ROLES = List.of("control", "host-agent");

  /** Connections a restore loads rows over at most; 0 follows the machine. */
  public static final int MAX_RESTORE_LOADERS = 32;

  /** Where Temporal is; no address means the embedded development server on port 7233. */
  /**
   * {@code stickyQueueTimeout}: how long a workflow task waits for the worker that ran the run's last one before any
   * control worker may take it (null: the SDK's 5 s; zero: no sticky execution, every task replays its history).
   */
  public record Temporal(String address, String namespace, String apiKey, Path tlsCert, Path tlsKey,
      java.time.Duration stickyQueueTimeout, Path serverCa, String serverName, Capacity capacity) {

    public Temporal(String address, String namespace, String apiKey, Path tlsCert, Path tlsKey) {
      this(address, namespace, apiKey, tlsCert, tlsKey, null, null, null, Capacity.DEFAULT);
    }

    public Temporal(String address, String namespace, String apiKey, Path tlsCert, Path tlsKey,
        java.time.Duration stickyQueueTimeout, Path serverCa, String serverName) {
      this(address, namespace, apiKey, tlsCert, tlsKey, stickyQueueTimeout, serverCa, serverName, Capacity.DEFAULT);
    }

    /** TLS to the frontend: with a client certificate, a private CA or a server name, or an API key (Temporal Cloud). */
    public boolean tls() {
      return tlsCert != null || serverCa != null || serverName != null;
    }

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
    out.append("temporal: ").append(temporal.embedded() ? "no address: the worker starts only with --dev (Temporal's in-memory test server on 127.0.0.1, development only)" : temporal.address())
        .append(" namespace ").append(temporal.namespace())
        .append(temporal.apiKey() == null ? "" : " apiKey ****")
        .append(!temporal.tls() ? "" : " tls" + (temporal.serverCa() == null ? "" : " ca " + temporal.serverCa())
            + (temporal.serverName() == null ? "" : " serverName " + temporal.serverName())
            + (temporal.tlsCert() == null ? " (no client certificate)" : " clientCert " + temporal.tlsCert()))
        .append(temporal.stickyQueueTimeout() == null ? "" : " stickyQueueTimeout " + temporal.stickyQueueTimeout())
        .append(temporal.capacity().equals(Capacity.DEFAULT) ? "" : " " + temporal.capacity())
        .append('\n');
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
    safeguards.signedCommits().forEach(s -> out.append("signed commits required under ").append(s.urlPrefix()).append(": ")
        .append(s.armoredKeys().size()).append(" trusted key(s)\n"));
    if (safeguards.rollouts().signer() != null) {
      out.append("rollout commits signed by key ").append(safeguards.rollouts().signer().fingerprint()).append('\n');
    }
    safeguards.sshKeys().forEach(k -> out.append("git ssh ").append(k.urlPrefix()).append(": key ").append(k.privateKey())
        .append(", known hosts ").append(k.knownHosts()).append('\n'));
    safeguards.retention().forEach((account, period) -> out.append("azure account ").append(account)
        .append(": locked retention ").append(period).append('\n'));
    StackRules rules = safeguards.stackRules();
    out.append("stack secrets: env <CUSTOMER>__…").append(rules.extraEnvPrefixes().isEmpty() ? "" : " (+ " + rules.extraEnvPrefixes() + ")")
        .append(", files under ").append(rules.secretsDir()).append("/<customer>/\n");
    out.append("stackctl import reads below ").append(rules.importsDir()).append("/\n");
    if (!rules.allowedLowPorts().isEmpty()) {
      out.append("host ports below 1024 allowed: 80, 443, ").append(rules.allowedLowPorts()).append('\n');
    }
    out.append("payload encryption: ").append(codec.enabled() ? "AES-GCM, key " + codec.keys().get(0).id() + " encrypts ("
        + codec.keys().size() + " key(s) decrypt)" + (codec.acceptPlaintext() ? ", plaintext accepted"
        : ", plaintext refused") + (codec.endpoint() == null ? "" : ", codec endpoint http://" + codec.endpoint()
        + " (" + codec.tokens().size() + " bearer token(s) ****)")
        : "off (codec.keys)").append('\n');
    codec.customerKeys().forEach(g -> out.append("payload encryption of ").append(String.join(", ", g.customers()))
        .append(": key ").append(g.keys().get(0).id()).append(" encrypts (").append(g.keys().size())
        .append(" key(s) decrypt)\n"));
    notifications.forEach(n -> out.append("notify: ").append(n.format()).append(" webhook ****")
        .append(n.events().isEmpty() ? " (every event)" : " (" + String.join(", ", n.events()) + ")").append('\n'));
    out.append("git webhooks: ").append(hooks.address() == null ? "off (hooks.address)" : "http://" + hooks.address()
        + "/hooks/git for" + (hooks.githubSecret() == null ? "" : " GitHub ****") + (hooks.giteaSecret() == null ? ""
        : " Gitea ****") + (hooks.gitlabToken() == null ? "" : " GitLab ****")).append('\n');
    out.append("dashboard: ").append(dashboard.address() == null ? "off (dashboard.address)" : "http://" + dashboard.address()
        + "/ (actions for " + (dashboard.operators().isEmpty() ? "nobody: no dashboard.operators" : dashboard.operators().stream()
            .map(o -> o.name() + " ****").collect(java.util.stream.Collectors.joining(", "))) + ")"
        + (dashboard.temporalWebUi() == null ? "" : ", Web UI links to " + dashboard.temporalWebUi())).append('\n');
    if (dashboard.oidc() != null) {
      out.append("dashboard sign-in: through ").append(dashboard.oidc().issuer()).append(" as client ")
          .append(dashboard.oidc().clientId()).append(dashboard.oidc().clientSecret() == null ? " (public, PKCE)"
              : " (secret ****, PKCE)").append(", back at ").append(dashboard.oidc().redirectUri()).append('\n');
    }
    if (dashboard.address() != null) {
      out.append("dashboard access: ").append(dashboard.grants() == null
          ? "every operator operates every stack (no dashboard.grants)" : dashboard.grants().stream()
              .map(g -> g.role().label() + " for " + String.join(", ", java.util.stream.Stream.concat(g.operators().stream(),
                  g.groups().stream().map(n -> "group " + n)).toList()) + " on " + String.join(", ", g.customers())
                  + (g.hosts().isEmpty() ? "" : " at hosts " + String.join(", ", g.hosts())))
              .collect(java.util.stream.Collectors.joining("; "))).append('\n');
    }
    return out.toString();
  }
}
