package io.stackpilot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.model.StoreScopes;
import io.stackpilot.worker.access.Grant;
import io.stackpilot.worker.access.Role;
import io.stackpilot.worker.dashboard.DashboardSettings;
import io.stackpilot.worker.dashboard.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's configuration: file, environment overrides, every bad setting named, secrets never printed. */
class WorkerConfigTest {

  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    return Files.writeString(dir.resolve("stackpilot-worker.yaml"), yaml);
  }

  @Test
  void fileWithEnvironmentOverridesGivesTheEffectiveConfiguration() throws Exception {
    Path file = write("""
        roles: [control]
        releaseStore: azure://vendor/releases
        temporal: { address: temporal.internal:7233, namespace: stacks }
        azure:
          accounts:
            acmebackups: { connectionString: env:ACME_AZURE }
        git:
          credentials:
            - { urlPrefix: "https://git.example.com/", username: ci-bot, password: env:GIT_TOKEN }
        """);
    Map<String, String> env = Map.of("ACME_AZURE", "DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0", "GIT_TOKEN",
        "ghp_s3cret", "STACKPILOT_ROLES", "control,host-agent", "STACKPILOT_HOST", "acme-prod-1");

    WorkerConfig config = new WorkerConfigLoader(env).load(file);

    assertThat(config.control()).isTrue();
    assertThat(config.hostAgent()).as("STACKPILOT_ROLES overrides the file").isTrue();
    assertThat(config.host()).isEqualTo("acme-prod-1");
    assertThat(config.temporal().address()).isEqualTo("temporal.internal:7233");
    assertThat(config.temporal().embedded()).isFalse();
    assertThat(config.azureAccounts()).containsEntry("acmebackups", "DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0");
    assertThat(config.gitCredentials().get(0).password()).isEqualTo("ghp_s3cret");
    assertThat(config.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(config.masked()).contains("azure account acmebackups: connection string ****",
        "git https://git.example.com/: ci-bot / ****", "host: acme-prod-1 (task queue host-acme-prod-1)")
        .doesNotContain("ghp_s3cret").doesNotContain("c2VjcmV0");
  }

  @Test
  void aControlWorkerOfThousandsOfLoopsSetsItsCacheAndPollersAndABadCountIsNamed() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), """
        roles: [control]
        releaseStore: /srv/releases
        temporal: { address: temporal.internal:7233, capacity: { workflowCacheSize: 3000, workflowPollers: 8 } }
        """);
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        roles: [control]
        releaseStore: /srv/releases
        temporal: { address: temporal.internal:7233, capacity: { workflowCacheSize: -1, activityPollers: "4; rm" } }
        """);

    WorkerConfig.Capacity capacity = new WorkerConfigLoader(Map.of()).load(good).temporal().capacity();

    assertThat(capacity).isEqualTo(new WorkerConfig.Capacity(3000, 8, 0, 0));
    assertThat(capacity.workflowThreads()).as("a thread for each cached run, and room").isEqualTo(3300);
    assertThat(new WorkerConfigLoader(Map.of()).load(write("roles: [control]\nreleaseStore: /srv/releases\n"))
        .temporal().capacity()).isEqualTo(WorkerConfig.Capacity.DEFAULT);
    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(bad))
        .isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessageContaining(bad + ": temporal.capacity.workflowCacheSize: '-1' is not a whole number from 1 to 100000")
        .hasMessageContaining(bad + ": temporal.capacity.activityPollers: '4; rm' is not a whole number from 1 to 64");
  }

  @Test
  void theWorkersOwnSecretsMustBeOutOfEveryStacksReach() throws Exception {
    Path file = write("""
        roles: [control]
        releaseStore: /srv/releases
        azure:
          accounts:
            acmebackups: { connectionString: env:ACME__AZURE }
            globexbackups: { connectionString: env:SHARED_SMTP_AZURE }
        git:
          credentials:
            - { urlPrefix: "https://git.example.com/", username: ci-bot, password: file:/srv/secrets/acme/git-token }
        secrets: { dir: /srv/secrets, allowedPrefixes: { acme: [SHARED_SMTP_, "BETA__"] } }
        """);

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of("ACME__AZURE", "AccountKey=x", "SHARED_SMTP_AZURE", "AccountKey=y"))
        .load(file))
        .isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessageContaining(file + ": secrets.allowedPrefixes.acme: 'BETA__' is not a prefix of environment variable names "
            + "in upper case ending in '_' without '__' (which marks customers' own), e.g. SHARED_SMTP_")
        .hasMessageContaining(file + ": azure.accounts.acmebackups.connectionString: environment variable ACME__AZURE "
            + "holds '__', which marks a customer's variables (<CUSTOMER>__NAME) that its stacks may read; name the "
            + "worker's own without it")
        .hasMessageContaining(file + ": azure.accounts.globexbackups.connectionString: environment variable "
            + "SHARED_SMTP_AZURE starts with SHARED_SMTP_, which secrets.allowedPrefixes.acme lets that customer's stacks read")
        .hasMessageContaining(file + ": git.credentials[0].password: /srv/secrets/acme/git-token is below secrets.dir "
            + "/srv/secrets, where customers' stacks read their secret files; keep the worker's own elsewhere");
  }

  @Test
  void backupStoresConfineEachCustomerAndDefaultToOneDirectoryPerCustomer() throws Exception {
    WorkerConfig plain = new WorkerConfigLoader(Map.of()).load(write("roles: [control]\nreleaseStore: /srv/releases\n"));
    assertThat(plain.safeguards().stackRules().backupStores()).isEqualTo(StoreScopes.DEFAULT);
    assertThat(StoreScopes.DEFAULT.refusal("acme", "file:///var/backups/stackpilot/acme")).isEmpty();
    assertThat(StoreScopes.DEFAULT.refusal("acme", "file:///var/backups/stackpilot/beta")).isPresent();

    WorkerConfig config = new WorkerConfigLoader(Map.of()).load(write("""
        roles: [control]
        releaseStore: /srv/releases
        backupStores:
          acme: ["azure://acmebackups/nightly"]
          "*": ["file:///mnt/backups/{customer}", "azure://shared/{customer}"]
        """));
    StoreScopes scopes = config.safeguards().stackRules().backupStores();
    assertThat(scopes.rootsOf("acme")).containsExactly("azure://acmebackups/nightly", "file:///mnt/backups/acme",
        "azure://shared/acme");
    assertThat(scopes.refusal("acme", "azure://shared/acme/stacks")).isEmpty();
    assertThat(scopes.refusal("acme", "azure://acmebackups/nightly")).isEmpty();
    assertThat(scopes.refusal("beta", "azure://acmebackups/nightly")).isPresent();
    assertThat(scopes.refusal("acme", "file:///mnt/backups/acme-eu")).isPresent();

    Path bad = write("""
        roles: [control]
        releaseStore: /srv/releases
        backupStores:
          acme: ["file:///mnt/backups/{customer}"]
          "*": ["file:///mnt/backups", "s3://bucket/{customer}", "file:///mnt/x{customer}"]
          acme-: ["file:///mnt/acme"]
        """);
    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(bad))
        .isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessage(String.join("\n",
            bad + ": backupStores.acme: 'file:///mnt/backups/{customer}' names one customer's place; {customer} belongs "
                + "under \"*\"",
            bad + ": backupStores.*: 'file:///mnt/backups' must hold {customer} as a whole segment, or every customer "
                + "would share it",
            bad + ": backupStores.*: 's3://bucket/{customer}' is not a plain file:///<dir> or "
                + "azure://<account>/<container>[/<prefix>]",
            bad + ": backupStores.*: 'file:///mnt/x{customer}' must hold {customer} as a whole segment, or every customer "
                + "would share it",
            bad + ": backupStores.acme-: 'acme-' is neither a customer name nor \"*\""));
  }

  @Test
  void noTemporalAddressMeansTheEmbeddedServer() throws Exception {
    WorkerConfig config = new WorkerConfigLoader(Map.of()).load(write("roles: [control]\nreleaseStore: /srv/releases\n"));

    assertThat(config.temporal().embedded()).isTrue();
    assertThat(config.temporal().namespace()).isEqualTo("default");
    assertThat(config.masked()).startsWith("temporal: no address: the worker starts only with --dev");
  }

  @Test
  void stickyExecutionCanBeShortenedOrTurnedOffButNotStretched() throws Exception {
    WorkerConfig off = new WorkerConfigLoader(Map.of()).load(write(
        "roles: [control]\nreleaseStore: /srv/releases\ntemporal: { stickyQueueTimeout: PT0S }\n"));
    assertThat(off.temporal().stickyQueueTimeout()).isZero();
    assertThat(off.masked()).contains("stickyQueueTimeout PT0S");
    assertThat(new WorkerConfigLoader(Map.of()).load(write("roles: [control]\nreleaseStore: /srv/releases\n"))
        .temporal().stickyQueueTimeout()).as("the SDK's default").isNull();

    Path file = write("roles: [control]\nreleaseStore: /srv/releases\ntemporal: { stickyQueueTimeout: PT10M }\n");
    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(file))
        .hasMessage(file + ": temporal.stickyQueueTimeout: 'PT10M' is not a duration from PT0S (no sticky execution) to "
            + "PT1M, e.g. PT5S");
  }

  @Test
  void everyBadSettingIsNamedAndTheWorkerDoesNotStart() throws Exception {
    Path file = write("""
        roles: [control, host-agent, scheduler]
        azure:
          accounts:
            acmebackups: { connectionString: "DefaultEndpointsProtocol=https;AccountKey=literal" }
        registries:
          - { registry: registry.example.com, username: pull, password: env:REGISTRY_PASSWORD }
        metrics: { address: "9464" }
        restore: { loaders: many }
        """);

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(file))
        .isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessage(String.join("\n",
            file + ": roles: unknown role 'scheduler' (allowed: control, host-agent)",
            file + ": host: missing; the host agent polls task queue host-<host>",
            file + ": releaseStore: missing; a directory, file:///… or azure://<account>/<container>",
            file + ": azure.accounts.acmebackups.connectionString: must be a reference env:NAME or file:/path, not the secret itself",
            file + ": registries[0].password: environment variable REGISTRY_PASSWORD is not set",
            file + ": metrics.address: '9464' is not host:port, e.g. 127.0.0.1:9464 (port 0 picks a free port)",
            file + ": restore.loaders: 'many' is not a number from 0 (follow the machine: the host's cores and the "
                + "database container's CPU limit) to 32"));
  }

  @Test
  void dashboardGrantsAreReadAndEachBadOneIsNamed() throws Exception {
    Map<String, String> env = Map.of("OPS_TOKEN", "ops-token-0123456789");
    WorkerConfig config = new WorkerConfigLoader(env).load(write("""
        roles: [control]
        releaseStore: /srv/releases
        dashboard:
          address: "127.0.0.1:8070"
          operators: [{ name: ops, token: env:OPS_TOKEN, groups: [platform] }]
          grants:
            - { role: operator, operators: [ops] }
            - { role: viewer, groups: [acme-support], customers: ["acme*"], hosts: ["eu-*"] }
        """));
    Path bad = write("""
        roles: [control]
        releaseStore: /srv/releases
        dashboard:
          address: "127.0.0.1:8070"
          operators: [{ name: ops, token: env:OPS_TOKEN, groups: ["no spaces"] }]
          grants:
            - { role: owner, operators: [ops] }
            - { role: viewer, operators: [bob] }
            - { role: viewer }
            - { role: viewer, groups: [g], customers: ["Acme*"] }
        codec: { oidc: { clients: [temporal-ui] } }
        """);

    assertThat(config.dashboard().operators().get(0).groups()).containsExactly("platform");
    assertThat(config.dashboard().grants()).containsExactly(
        new Grant(Role.OPERATOR, List.of("ops"), List.of(), List.of("*"), List.of()),
        new Grant(Role.VIEWER, List.of(), List.of("acme-support"), List.of("acme*"), List.of("eu-*")));
    assertThat(config.masked()).contains("dashboard access: operator for ops on *; viewer for group acme-support on acme* "
        + "at hosts eu-*");
    assertThatThrownBy(() -> new WorkerConfigLoader(env).load(bad)).isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessageContaining(bad + ": dashboard.operators[0].groups: 'no spaces' is not a group name")
        .hasMessageContaining(bad + ": dashboard.grants[0].role: 'owner' is not one of viewer, operator, admin")
        .hasMessageContaining(bad + ": dashboard.grants[1].operators: 'bob' is no operator of dashboard.operators")
        .hasMessageContaining(bad + ": dashboard.grants[2]: names neither operators nor groups")
        .hasMessageContaining(bad + ": dashboard.grants[3].customers: 'Acme*' is not a pattern")
        .hasMessageContaining(bad + ": codec.oidc: access tokens are checked against dashboard.oidc's provider, and "
            + "none is configured");
  }

  @Test
  void oidcSignInIsReadAndAnUnsafeProviderOrCallbackIsNamed() throws Exception {
    Map<String, String> env = Map.of("OIDC_SECRET", "s3cret");
    WorkerConfig config = new WorkerConfigLoader(env).load(write("""
        roles: [control]
        releaseStore: /srv/releases
        dashboard:
          address: "127.0.0.1:8070"
          oidc:
            issuer: https://sso.example.com/realms/ops
            clientId: stackpilot-dashboard
            clientSecret: env:OIDC_SECRET
            redirectUri: https://dashboard.example.com/login/oidc/callback
        """));
    Path bad = write("""
        roles: [control]
        releaseStore: /srv/releases
        dashboard:
          address: "127.0.0.1:8070"
          oidc:
            issuer: http://sso.example.com/realms/ops
            clientId: stackpilot-dashboard
            clientSecret: s3cret
            redirectUri: https://dashboard.example.com/
        """);

    assertThat(config.dashboard().oidc()).isEqualTo(new DashboardSettings.Oidc("https://sso.example.com/realms/ops",
        "stackpilot-dashboard", "s3cret", "https://dashboard.example.com/login/oidc/callback", "preferred_username",
        "groups"));
    assertThat(config.dashboard().oidc().secureCookies()).isTrue();
    assertThat(config.masked()).contains("dashboard sign-in: through https://sso.example.com/realms/ops as client "
        + "stackpilot-dashboard (secret ****, PKCE)").doesNotContain("s3cret");
    assertThatThrownBy(() -> new WorkerConfigLoader(env).load(bad)).isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessageContaining(bad + ": dashboard.oidc.issuer: 'http://sso.example.com/realms/ops' is not an https URL")
        .hasMessageContaining(bad + ": dashboard.oidc.clientSecret: must be a reference env:NAME or file:/path")
        .hasMessageContaining(bad + ": dashboard.oidc.redirectUri: 'https://dashboard.example.com/' is not this "
            + "dashboard's callback");
  }

  @Test
  void customerKeyGroupsAreReadAndABadOneIsNamed() throws Exception {
    String k = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    Map<String, String> env = Map.of("K1", k, "ACME_K1", k);
    WorkerConfig config = new WorkerConfigLoader(env).load(write("""
        roles: [control]
        releaseStore: /srv/releases
        codec:
          keys: [{ id: k1, key: env:K1 }]
          customerKeys:
            - { customers: ["acme*"], keys: [{ id: acme-k1, key: env:ACME_K1 }] }
        """));
    Path bad = write("""
        roles: [control]
        releaseStore: /srv/releases
        codec:
          customerKeys:
            - { customers: ["acme*"], keys: [{ id: k1, key: env:K1 }] }
            - { customers: ["Beta"], keys: [{ id: k1, key: env:ACME_K1 }] }
        """);

    assertThat(config.codec().customerKeys()).containsExactly(new WorkerConfig.CustomerKeys(List.of("acme*"),
        List.of(new WorkerConfig.CodecKey("acme-k1", k))));
    assertThat(config.masked()).contains("payload encryption of acme*: key acme-k1 encrypts (1 key(s) decrypt)")
        .doesNotContain(k);
    assertThatThrownBy(() -> new WorkerConfigLoader(env).load(bad)).isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessageContaining(bad + ": codec.customerKeys[1].customers: 'Beta' is not a pattern")
        .hasMessageContaining(bad + ": codec.customerKeys[1].keys[0].id: 'k1' must be a unique name")
        .hasMessageContaining(bad + ": codec.customerKeys: codec.keys are needed too");
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(missing))
        .hasMessage(missing + ": no such configuration file");
  }

  @Test
  void pruneFloorIsTheOperatorsAndABadOneIsNamed() throws Exception {
    Path good = write("""
        roles: [control]
        releaseStore: /srv/releases
        prune: { keepNewest: 5, keepYoungerThan: P30D }
        """);
    assertThat(new WorkerConfigLoader(Map.of()).load(good).safeguards().pruneFloor())
        .isEqualTo(new io.stackpilot.activities.store.retention.BackupPruner.Floor(5, java.time.Duration.ofDays(30)));
    Path bad = write("""
        roles: [control]
        releaseStore: /srv/releases
        prune: { keepNewest: 0, keepYoungerThan: 7d }
        """);

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(bad))
        .isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessage(String.join("\n",
            bad + ": prune.keepNewest: '0' is not a number from 1 to 1000",
            bad + ": prune.keepYoungerThan: '7d' is not a number of days from P0D to P3660D, e.g. P7D"));
  }

  @Test
  void aRolloutSigningKeyIsUnlockedAtStartAndABadOneIsNamed() throws Exception {
    try (io.stackpilot.activities.git.Gpg gpg = new io.stackpilot.activities.git.Gpg(
        Path.of("/tmp", "gpg-" + Long.toHexString(System.nanoTime())))) {
      String key = gpg.createKey("Stackpilot Rollouts <rollouts@ops.example.invalid>");
      Path secret = Files.writeString(dir.resolve("rollout-signing-key.asc"), gpg.exportSecret(key));
      Path publicOnly = Files.writeString(dir.resolve("public.asc"), gpg.exportPublic(key));
      Path good = Files.writeString(dir.resolve("good.yaml"), "roles: [control]\nreleaseStore: /srv/releases\n"
          + "rollouts: { signingKey: \"file:" + secret + "\" }\n");
      Path bad = Files.writeString(dir.resolve("bad.yaml"), "roles: [control]\nreleaseStore: /srv/releases\nrollouts: { signingKey: \"file:" + publicOnly
          + "\", signingKeyPassphrase: env:ROLLOUT_KEY_PASSPHRASE }\n");
      Path inline = Files.writeString(dir.resolve("inline.yaml"), "roles: [control]\nreleaseStore: /srv/releases\nrollouts: { signingKey: \"-----BEGIN PGP\" }\n");

      WorkerConfig config = new WorkerConfigLoader(Map.of()).load(good);

      assertThat(config.safeguards().rollouts().signer().fingerprint()).isEqualTo(key);
      assertThat(config.masked()).contains("rollout commits signed by key " + key).doesNotContain("PRIVATE KEY");
      assertThatThrownBy(() -> new WorkerConfigLoader(Map.of("ROLLOUT_KEY_PASSPHRASE", "x")).load(bad))
          .isInstanceOf(InvalidWorkerConfigException.class)
          .hasMessage(bad + ": rollouts.signingKey: file:" + publicOnly + " is not an armored OpenPGP secret key (gpg --armor --export-secret-keys)");
      assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(inline))
          .isInstanceOf(InvalidWorkerConfigException.class)
          .hasMessage(inline + ": rollouts.signingKey: must be a reference env:NAME or file:/path, not the secret itself");
    }
  }

  @Test
  void rolloutsWriteAsTheConfiguredAuthorAndNeverToProtectedBranches() throws Exception {
    Path good = write("""
        roles: [control]
        releaseStore: /srv/releases
        rollouts: { protectedBranches: ["production", "release/*"], author: "Fleet Bot <fleet@ops.example.com>" }
        """);
    assertThat(new WorkerConfigLoader(Map.of()).load(good).safeguards().rollouts()).isEqualTo(
        new WorkerConfig.Rollouts(List.of("production", "release/*"), "Fleet Bot", "fleet@ops.example.com", null));
    Path bad = write("""
        roles: [control]
        releaseStore: /srv/releases
        rollouts: { protectedBranches: ["main; rm -rf /"], author: "fleet@ops.example.com" }
        """);

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(bad))
        .isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessage(String.join("\n",
            bad + ": rollouts.protectedBranches[0]: 'main; rm -rf /' is not a branch name or glob (letters, digits, . _ / - * ?)",
            bad + ": rollouts.author: 'fleet@ops.example.com' is not 'Name <e-mail>', e.g. 'Stackpilot <stackpilot@ops.example.com>'"));
  }

  @Test
  void misspeltSafeguardIsRefusedByNameNotIgnored() throws Exception {
    Path file = write("""
        roles: [control]
        releaseStore: /srv/releases
        git:
          signedCommit: [{ urlPrefix: "https://git.example.com/", keys: [/etc/stackpilot/signer.asc] }]
        azure:
          accounts:
            acmebackups: { connectionString: env:ACME_AZURE, retension: P30D }
        secret: { dir: /srv/secrets }
        """);

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of("ACME_AZURE", "AccountKey=x")).load(file))
        .isInstanceOf(InvalidWorkerConfigException.class)
        .hasMessage(String.join("\n",
            file + ": azure.accounts.acmebackups.retension: unknown key (allowed: connectionString, retention)",
            file + ": git.signedCommit: unknown key (allowed: credentials, ssh, signedCommits)",
            file + ": secret: unknown key (allowed: roles, host, releaseStore, stacksDir, gitCacheDir, temporal, docker, "
                + "azure, git, registries, metrics, rollouts, prune, restore, secrets, imports, backupStores, ports, codec, hooks, notify, "
                + "dashboard)"));
  }

  @Test
  void safeguardsAndPayloadEncryptionAreReadFromTheFile() throws Exception {
    Path key = Files.writeString(dir.resolve("id_ed25519"), "key");
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
    Path file = write("""
        roles: [control, host-agent]
        host: acme-prod-1
        releaseStore: /srv/releases
        azure:
          accounts:
            acmebackups: { connectionString: env:ACME_AZURE, retention: P30D }
        git:
          ssh: [{ urlPrefix: "ssh://git@git.example.com/", privateKey: %s, knownHosts: %s }]
        secrets: { dir: /srv/secrets, allowedPrefixes: { acme: [SHARED_SMTP_] } }
        ports: { allowPrivileged: [25] }
        codec:
          keys: [{ id: k2, key: env:CODEC_K2 }, { id: k1, key: env:CODEC_K1 }]
          endpoint: 127.0.0.1:0
          corsOrigins: ["http://localhost:8233"]
          tokens: [env:CODEC_TOKEN]
        """.formatted(key, knownHosts));
    String k2 = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    WorkerConfig config = new WorkerConfigLoader(Map.of("ACME_AZURE", "AccountKey=x", "CODEC_K2", k2,
        "CODEC_K1", java.util.Base64.getEncoder().encodeToString(new byte[16]), "CODEC_TOKEN",
        "codec-caller-token-0123456789")).load(file);

    assertThat(config.safeguards().retention()).containsEntry("acmebackups", java.time.Duration.ofDays(30));
    assertThat(config.safeguards().sshKeys()).containsExactly(
        new WorkerConfig.SshKey("ssh://git@git.example.com/", key, knownHosts));
    assertThat(config.safeguards().stackRules().secretsDir()).isEqualTo("/srv/secrets");
    assertThat(config.safeguards().stackRules().refusal("acme", "env:SHARED_SMTP_PASSWORD")).isEmpty();
    assertThat(config.safeguards().stackRules().portRefusal(25)).isEmpty();
    assertThat(config.safeguards().stackRules().portRefusal(22)).isPresent();
    assertThat(config.codec().keys()).extracting(WorkerConfig.CodecKey::id).containsExactly("k2", "k1");
    assertThat(config.masked()).contains("azure account acmebackups: locked retention PT720H",
        "payload encryption: AES-GCM, key k2 encrypts (2 key(s) decrypt), plaintext refused, codec endpoint "
            + "http://127.0.0.1:0 (1 bearer token(s) ****)", "stackctl import reads below /var/lib/stackpilot/imports/")
        .doesNotContain(k2).doesNotContain("codec-caller-token-0123456789");
  }

  @Test
  void aCredentialForEveryUrlAndAWeakKeyAreRefused() throws Exception {
    Path file = write("""
        roles: [control]
        releaseStore: "azure://vendor/releases/../acme"
        git:
          credentials: [{ urlPrefix: "", username: bot, password: env:GIT_TOKEN }, { urlPrefix: "https://git.example.com", username: bot, password: env:GIT_TOKEN }]
        codec: { keys: [{ id: k1, key: env:SHORT }] }
        """);

    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of("GIT_TOKEN", "t0ken", "SHORT", "c2hvcnQ=")).load(file))
        .hasMessage(String.join("\n",
            file + ": releaseStore: 'azure://vendor/releases/../acme' has a '..' segment; name the store's directory directly",
            file + ": git.credentials[0].urlPrefix: '' must name the scheme and host and end the host with '/', e.g. "
                + "https://git.example.com/ or ssh://git@git.example.com/ (a shorter prefix matches other hosts' URLs)",
            file + ": git.credentials[1].urlPrefix: 'https://git.example.com' must name the scheme and host and end the host "
                + "with '/', e.g. https://git.example.com/ or ssh://git@git.example.com/ (a shorter prefix matches other hosts' URLs)",
            file + ": codec.keys[0].key: is not an AES key of 16, 24 or 32 bytes in base64 (openssl rand -base64 32)"));
  }

  @Test
  void gitWebhooksTakeTheirSecretsByReferenceAndNeedAnAddressAndAProvider() throws Exception {
    Path good = write("""
        roles: [control]
        releaseStore: /srv/releases
        hooks: { address: "0.0.0.0:8090", github: { secret: env:GH_HOOK }, gitlab: { token: env:GL_HOOK } }
        """);
    WorkerConfig config = new WorkerConfigLoader(Map.of("GH_HOOK", "gh-s3cret", "GL_HOOK", "gl-t0ken")).load(good);

    assertThat(config.hooks()).isEqualTo(new WorkerConfig.Hooks("0.0.0.0:8090", "gh-s3cret", null, "gl-t0ken"));
    assertThat(config.masked()).contains("git webhooks: http://0.0.0.0:8090/hooks/git for GitHub **** GitLab ****")
        .doesNotContain("gh-s3cret").doesNotContain("gl-t0ken");

    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        roles: [control]
        releaseStore: /srv/releases
        hooks: { github: { secret: "plain-secret" }, bitbucket: { secret: env:X } }
        """);
    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(bad)).hasMessageContaining(
        "hooks.bitbucket: unknown key (allowed: address, github, gitea, gitlab)").hasMessageContaining(
        "hooks.github.secret: must be a reference env:NAME or file:/path, not the secret itself");
    Path notify = Files.writeString(dir.resolve("notify.yaml"), """
        roles: [control]
        releaseStore: /srv/releases
        notify:
          webhooks:
            - { url: env:SLACK_URL, format: slack, events: [attention, failed] }
            - { url: env:PLAIN, format: email, events: [paged] }
        """);
    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of("SLACK_URL", "https://hooks.example.invalid/T0/B0/x",
        "PLAIN", "not a url")).load(notify)).hasMessageContaining(
        "notify.webhooks[1].url: the variable or file it names does not hold an http(s) URL").hasMessageContaining(
        "notify.webhooks[1].format: 'email' is not one of json, slack, teams").hasMessageContaining(
        "notify.webhooks[1].events: 'paged' is not one of attention, failed, completed, backupOverdue, drillFailed")
        .hasMessageNotContaining("hooks.example.invalid/T0");
    Path noProvider = Files.writeString(dir.resolve("none.yaml"), """
        roles: [control]
        releaseStore: /srv/releases
        hooks: { address: "127.0.0.1:8090" }
        """);
    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of()).load(noProvider)).hasMessageContaining(
        "hooks.address: no provider to accept pushes from: set hooks.github.secret, hooks.gitea.secret or hooks.gitlab.token");
  }

  @Test
  void dashboardOperatorsTakeTheirTokensByReferenceEachTheirOwn() throws Exception {
    Path good = write("""
        roles: [control]
        releaseStore: /srv/releases
        dashboard:
          address: "127.0.0.1:8070"
          temporalWebUi: "http://127.0.0.1:8233"
          operators: [{ name: alice, token: env:ALICE_TOKEN }, { name: bob, token: env:BOB_TOKEN }]
        """);
    WorkerConfig config = new WorkerConfigLoader(Map.of("ALICE_TOKEN", "alice-0123456789abcdef", "BOB_TOKEN",
        "bob-0123456789abcdef")).load(good);

    assertThat(config.dashboard()).isEqualTo(new DashboardSettings("127.0.0.1:8070", List.of(
        new Operator("alice", "alice-0123456789abcdef"), new Operator("bob", "bob-0123456789abcdef")),
        "http://127.0.0.1:8233"));
    assertThat(config.masked()).contains("dashboard: http://127.0.0.1:8070/ (actions for alice ****, bob ****), "
        + "Web UI links to http://127.0.0.1:8233").doesNotContain("0123456789abcdef");

    Path bad = Files.writeString(dir.resolve("bad-dashboard.yaml"), """
        roles: [host-agent]
        host: h1
        releaseStore: /srv/releases
        dashboard:
          address: "localhost"
          temporalWebUi: "ftp://ui"
          operators: [{ name: "a b", token: env:SHORT }, { name: carol, token: "in-the-file-itself" },
                      { name: dave, token: env:SAME }, { name: erin, token: env:SAME }]
        """);
    assertThatThrownBy(() -> new WorkerConfigLoader(Map.of("SHORT", "short", "SAME", "the-same-token-twice")).load(bad))
        .hasMessageContaining("dashboard.address: 'localhost' is not host:port, e.g. 127.0.0.1:8070")
        .hasMessageContaining("dashboard.temporalWebUi: 'ftp://ui' is not an http(s) URL")
        .hasMessageContaining("dashboard.operators[0].name: 'a b' is not a name of letters, digits and . _ @ -")
        .hasMessageContaining("dashboard.operators[0].token: the variable or file it names holds fewer than 16 characters")
        .hasMessageContaining("dashboard.operators[1].token: must be a reference env:NAME or file:/path, not the secret itself")
        .hasMessageContaining("dashboard.operators: two operators share a token")
        .hasMessageContaining("dashboard.address: the dashboard is served by a worker with the control role")
        .hasMessageNotContaining("the-same-token-twice").hasMessageNotContaining("in-the-file-itself");
  }
}
