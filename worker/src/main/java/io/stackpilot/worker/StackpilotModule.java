package io.stackpilot.worker;

import com.github.dockerjava.api.DockerClient;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.stackpilot.activities.compose.ComposeApplier;
import io.stackpilot.activities.compose.RegistryCredentials;
import io.stackpilot.activities.compose.SecretResolver;
import io.stackpilot.activities.compose.StackHostActivitiesImpl;
import io.stackpilot.activities.database.DataHostActivitiesImpl;
import io.stackpilot.activities.docker.DockerClients;
import io.stackpilot.activities.git.DesiredStateActivitiesImpl;
import io.stackpilot.activities.git.GitCredentials;
import io.stackpilot.activities.git.ReleaseCommits;
import io.stackpilot.activities.git.RepoCache;
import io.stackpilot.activities.git.SignaturePolicy;
import io.stackpilot.activities.store.StoreActivitiesImpl;
import io.stackpilot.activities.store.StoreLocations;
import io.stackpilot.worker.config.WorkerConfig;
import java.time.Duration;

/** Wires the activities from the worker's configuration: each gets the clients it needs, built once. */
final class StackpilotModule extends AbstractModule {

  private final WorkerConfig config;

  StackpilotModule(WorkerConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    bind(WorkerConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  StoreLocations storeLocations() {
    return new StoreLocations(config.azureAccounts(), config.safeguards().retention(),
        config.safeguards().stackRules().backupStores());
  }

  /** One mirror per repo URL for the whole worker: reads and a rollout's writes take the same lock. */
  @Provides
  @Singleton
  RepoCache repos() {
    GitCredentials credentials = new GitCredentials(config.gitCredentials().stream()
        .map(c -> new GitCredentials.Entry(c.urlPrefix(), c.username(), c.password())).toList(),
        config.safeguards().sshKeys().stream()
            .map(k -> new GitCredentials.SshKey(k.urlPrefix(), k.privateKey(), k.knownHosts())).toList());
    return new RepoCache(config.gitCacheDir(), credentials);
  }

  @Provides
  @Singleton
  DesiredStateActivitiesImpl desiredState(StoreLocations stores, RepoCache repos) {
    WorkerConfig.Safeguards safeguards = config.safeguards();
    SignaturePolicy signatures = new SignaturePolicy(safeguards.signedCommits().stream()
        .map(s -> new SignaturePolicy.Rule(s.urlPrefix(), s.armoredKeys())).toList());
    return new DesiredStateActivitiesImpl(repos, stores.releaseStore(config.releaseStore()), signatures,
        safeguards.stackRules());
  }

  @Provides
  @Singleton
  ReleaseCommits releaseCommits(StoreLocations stores, RepoCache repos) {
    WorkerConfig.Rollouts rollouts = config.safeguards().rollouts();
    ReleaseCommits commits = new ReleaseCommits(repos, stores.releaseStore(config.releaseStore()),
        config.safeguards().stackRules(), rollouts.protectedBranches(),
        new org.eclipse.jgit.lib.PersonIdent(rollouts.authorName(), rollouts.authorEmail()));
    return rollouts.signer() == null ? commits : commits.signedBy(rollouts.signer());
  }

  @Provides
  @Singleton
  StoreActivitiesImpl store(StoreLocations stores) {
    return new StoreActivitiesImpl(stores, config.releaseStore(), config.safeguards().pruneFloor());
  }

  @Provides
  @Singleton
  DockerClient docker() {
    return DockerClients.connect(config.dockerHost());
  }

  @Provides
  @Singleton
  ComposeApplier applier(DockerClient docker) {
    return new ComposeApplier(docker, Duration.ofMinutes(5), new RegistryCredentials(config.registries().stream()
        .map(r -> new RegistryCredentials.Entry(r.registry(), r.username(), r.password())).toList()));
  }

  @Provides
  @Singleton
  StackHostActivitiesImpl stackHost(ComposeApplier applier) {
    return new StackHostActivitiesImpl(applier, SecretResolver.fromProcessEnvironment(config.safeguards().stackRules()), config.stacksDir());
  }

  @Provides
  @Singleton
  DataHostActivitiesImpl dataHost(DockerClient docker, ComposeApplier applier, StoreLocations stores) {
    return new DataHostActivitiesImpl(docker, config.dockerHost(), applier, SecretResolver.fromProcessEnvironment(config.safeguards().stackRules()), stores,
        config.releaseStore(), config.stacksDir(), config.restoreLoaders());
  }
}
