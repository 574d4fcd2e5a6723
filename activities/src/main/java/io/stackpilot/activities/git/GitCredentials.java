package io.stackpilot.activities.git;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.RepoUrl;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Git credentials from the worker's configuration, chosen by the longest matching URL prefix. Over HTTPS a
 * token is sent as the password of basic authentication. Over SSH a private key is offered, and the server
 * must be listed in the given known_hosts file: an unknown or changed host key is refused.
 */
public final class GitCredentials {

  /** Basic-auth credentials (or user and token) for every repo URL starting with {@code urlPrefix}. */
  public record Entry(String urlPrefix, String username, String password) {}

  /** An SSH private key and the known_hosts file to trust, for every ssh:// URL starting with {@code urlPrefix}. */
  public record SshKey(String urlPrefix, Path privateKey, Path knownHosts) {}

  private final List<Entry> entries;
  private final List<SshKey> sshKeys;
  private final Map<SshKey, SshSessionFactory> sessionFactories = new ConcurrentHashMap<>();

  public GitCredentials(List<Entry> entries) {
    this(entries, List.of());
  }

  public GitCredentials(List<Entry> entries, List<SshKey> sshKeys) {
    this.entries = List.copyOf(entries);
    this.sshKeys = List.copyOf(sshKeys);
  }

  public static GitCredentials none() {
    return new GitCredentials(List.of());
  }

  /** The SSH session factory for {@code url}: its key and known hosts, or none configured (no key offered). */
  Optional<SshSessionFactory> sshFor(String url, Path home) {
    Optional<SshKey> key = sshKeys.stream()
        .filter(k -> RepoUrl.covers(k.urlPrefix(), url))
        .max((a, b) -> Integer.compare(a.urlPrefix().length(), b.urlPrefix().length()));
    boolean ssh = RepoUrl.normalized(url).map(u -> u.startsWith("ssh://")).orElse(true);
    if (key.isEmpty() && ssh && !sshKeys.isEmpty()) {
      // With git.ssh configured, host keys are checked against its known_hosts files only: an SSH URL none of its
      // entries covers would fall back to whatever the agent's home trusts.
      throw new InvalidConfigurationException("repo " + url + " is an SSH URL that no git.ssh entry of the worker "
          + "configuration covers (by scheme, host, port and path): its host key cannot be checked; add an entry for it");
    }
    return key
        .map(k -> sessionFactories.computeIfAbsent(k, chosen -> new SshdSessionFactoryBuilder()
            .setHomeDirectory(home.toFile())
            .setSshDirectory(home.resolve(".ssh").toFile())
            .setDefaultIdentities(dir -> List.of(chosen.privateKey()))
            .setDefaultKnownHostsFiles(dir -> List.of(chosen.knownHosts()))
            .setPreferredAuthentications("publickey")
            .build(null)));
  }

  Optional<CredentialsProvider> forUrl(String url) {
    return entries.stream()
        .filter(e -> RepoUrl.covers(e.urlPrefix(), url))
        .max((a, b) -> Integer.compare(a.urlPrefix().length(), b.urlPrefix().length()))
        .map(e -> new UsernamePasswordCredentialsProvider(e.username(), e.password()));
  }
}
