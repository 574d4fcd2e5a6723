package io.stackpilot.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer repo's URL travels in workflow inputs, the history and the Web UI: it must not carry credentials.
 * They come from the worker configuration, by URL prefix. Over SSH a user name alone ({@code ssh://git@host/…}) is
 * not a credential and stays allowed.
 */
public final class RepoUrl {

  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/@]*)@");

  private RepoUrl() {}

  /** Why {@code url} may not be used as a repo URL, or empty. */
  public static Optional<String> refusal(String url) {
    Matcher m = USER_INFO.matcher(url);
    if (!m.find()) {
      return Optional.empty();
    }
    boolean ssh = m.group(1).equalsIgnoreCase("ssh") || m.group(1).equalsIgnoreCase("git+ssh");
    if (ssh && !m.group(2).contains(":")) {
      return Optional.empty();
    }
    return Optional.of("repo URL " + m.group(1) + "://****@" + url.substring(m.end())
        + " carries credentials; remove them and configure them in the worker configuration (git.credentials, by URL prefix)");
  }
}
