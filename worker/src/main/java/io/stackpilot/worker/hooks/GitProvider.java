package io.stackpilot.worker.hooks;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The git servers whose push webhooks the worker accepts, each with how it proves a request is its own: GitHub and
 * Gitea sign the body with HMAC-SHA256 of a shared secret, GitLab sends a shared token.
 */
public enum GitProvider {
  GITHUB("X-GitHub-Event", "push"),
  GITEA("X-Gitea-Event", "push"),
  GITLAB("X-Gitlab-Event", "Push Hook");

  private final String eventHeader;
  private final String pushEvent;

  GitProvider(String eventHeader, String pushEvent) {
    this.eventHeader = eventHeader;
    this.pushEvent = pushEvent;
  }

  /** Who sent a request, from its event header; Gitea also sends GitHub's header, so it is asked first. Null: nobody known. */
  static GitProvider of(Headers headers) {
    for (GitProvider provider : new GitProvider[] {GITEA, GITLAB, GITHUB}) {
      if (headers.getFirst(provider.eventHeader) != null) {
        return provider;
      }
    }
    return null;
  }

  String event(Headers headers) {
    return headers.getFirst(eventHeader);
  }

  boolean isPush(Headers headers) {
    return pushEvent.equals(event(headers));
  }

  /** The secret or token configured for this provider; null when its pushes are not accepted. */
  String credential(io.stackpilot.worker.config.WorkerConfig.Hooks hooks) {
    return switch (this) {
      case GITHUB -> hooks.githubSecret();
      case GITEA -> hooks.giteaSecret();
      case GITLAB -> hooks.gitlabToken();
    };
  }

  /** Null when the request proves it comes from the configured server; otherwise why not. */
  String refusal(Headers headers, byte[] body, String credential) {
    return switch (this) {
      case GITHUB -> signed(headers.getFirst("X-Hub-Signature-256"), "sha256=", body, credential, "X-Hub-Signature-256");
      case GITEA -> signed(headers.getFirst("X-Gitea-Signature"), "", body, credential, "X-Gitea-Signature");
      case GITLAB -> {
        String token = headers.getFirst("X-Gitlab-Token");
        yield token == null ? "no X-Gitlab-Token" : equal(token.getBytes(StandardCharsets.UTF_8),
            credential.getBytes(StandardCharsets.UTF_8)) ? null : "wrong X-Gitlab-Token";
      }
    };
  }

  private static String signed(String header, String prefix, byte[] body, String secret, String name) {
    if (header == null) {
      return "unsigned: no " + name;
    }
    if (!header.startsWith(prefix)) {
      return name + " is not " + prefix + "<hex>";
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(prefix.length()).trim());
    } catch (IllegalArgumentException e) {
      return name + " is not hex";
    }
    return equal(given, hmac(secret, body)) ? null : "wrong signature in " + name;
  }

  public static byte[] hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** In constant time: how long a comparison takes says nothing about the secret. */
  private static boolean equal(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
