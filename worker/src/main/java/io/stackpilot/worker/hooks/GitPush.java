package io.stackpilot.worker.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A push a git server reported: the repository under every URL the payload names for it (clone over HTTPS and SSH,
 * web page), and the branch pushed to (null for a tag).
 */
record GitPush(List<String> repoUrls, String branch) {

  /** The push in a GitHub, Gitea or GitLab push payload; null when the payload names no repository. */
  static GitPush of(GitProvider provider, JsonNode payload) {
    JsonNode repo = provider == GitProvider.GITLAB ? payload.path("project") : payload.path("repository");
    List<String> urls = new ArrayList<>();
    for (String field : provider == GitProvider.GITLAB ? List.of("git_http_url", "git_ssh_url", "web_url")
        : List.of("clone_url", "ssh_url", "html_url", "git_url")) {
      if (repo.path(field).isTextual()) {
        urls.add(repo.path(field).asText());
      }
    }
    if (urls.isEmpty()) {
      return null;
    }
    String ref = payload.path("ref").asText("");
    return new GitPush(List.copyOf(urls), ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null);
  }

  /** Whether a loop following {@code repo} at {@code ref} (a branch, or refs/heads/…) is told by this push. */
  boolean concerns(String repo, String ref) {
    String followed = ref == null || ref.isBlank() ? "main" : ref.startsWith("refs/heads/")
        ? ref.substring("refs/heads/".length()) : ref;
    return branch != null && branch.equals(followed) && repoUrls.stream().anyMatch(url -> sameRepo(url, repo));
  }

  /**
   * Two URLs of one repository: https://git.example.com/acme/stack.git, ssh://git@git.example.com/acme/stack and
   * git@git.example.com:acme/stack.git all name host git.example.com, path acme/stack.
   */
  static boolean sameRepo(String a, String b) {
    String left = key(a);
    return left != null && left.equals(key(b));
  }

  private static String key(String url) {
    if (url == null) {
      return null;
    }
    String rest = url.trim();
    int scheme = rest.indexOf("://");
    if (scheme >= 0) {
      rest = rest.substring(scheme + 3);
    } else if (rest.matches("[^/@\\s]+@[^/:\\s]+:.+")) {
      rest = rest.replaceFirst(":", "/");
    } else {
      return null;
    }
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String authority = rest.substring(0, slash);
    String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
    return host + "/" + rest.substring(slash + 1).replaceAll("/+$", "").replaceFirst("\\.git$", "");
  }
}
