package io.stackpilot.activities.git;

import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Git credentials from the worker's configuration, chosen by the longest matching URL prefix. A token is
 * sent as the password of basic authentication (for hosts that take tokens, the user is often ignored).
 */
public final class GitCredentials {

  /** Credentials for every repo URL starting with {@code urlPrefix}. */
  public record Entry(String urlPrefix, String username, String password) {}

  private final List<Entry> entries;

  public GitCredentials(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static GitCredentials none() {
    return new GitCredentials(List.of());
  }

  Optional<CredentialsProvider> forUrl(String url) {
    return entries.stream()
        .filter(e -> url.startsWith(e.urlPrefix()))
        .max((a, b) -> Integer.compare(a.urlPrefix().length(), b.urlPrefix().length()))
        .map(e -> new UsernamePasswordCredentialsProvider(e.username(), e.password()));
  }
}
