package io.stackpilot.activities.git;

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
    return sshKeys.stream()
        .filter(k -> url.startsWith(k.urlPrefix()))
        .max((a, b) -> Integer.compare(a.urlPrefix().length(), b.urlPrefix().length()))
        .map(k -> sessionFactories.computeIfAbsent(k, key -> new SshdSessionFactoryBuilder()
            .setHomeDirectory(home.toFile())
            .setSshDirectory(home.resolve(".ssh").toFile())
            .setDefaultIdentities(dir -> List.of(key.privateKey()))
            .setDefaultKnownHostsFiles(dir -> List.of(key.knownHosts()))
            .setPreferredAuthentications("publickey")
            .build(null)));
  }

  Optional<CredentialsProvider> forUrl(String url) {
    return entries.stream()
        .filter(e -> url.startsWith(e.urlPrefix()))
        .max((a, b) -> Integer.compare(a.urlPrefix().length(), b.urlPrefix().length()))
        .map(e -> new UsernamePasswordCredentialsProvider(e.username(), e.password()));
  }
}
