package io.stackpilot.worker.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** What a git push webhook is taken to mean, and which requests prove they come from the configured server. */
class GitWebhookTest {

  private static final Path FIXTURES = Path.of("src/test/resources/webhooks");

  private static GitPush push(GitProvider provider, String fixture) throws Exception {
    return GitPush.of(provider, new ObjectMapper().readTree(FIXTURES.resolve(fixture).toFile()));
  }

  private static Headers headers(String... pairs) {
    Headers headers = new Headers();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Test
  void pushNamesTheRepositoryUnderEachOfItsUrlsAndTheBranch() throws Exception {
    GitPush github = push(GitProvider.GITHUB, "github-push.json");
    GitPush gitlab = push(GitProvider.GITLAB, "gitlab-push.json");

    assertThat(github.branch()).isEqualTo("main");
    assertThat(github.concerns("https://github.example.com/customers/acme.git", "main")).isTrue();
    assertThat(github.concerns("ssh://git@github.example.com/customers/acme", "refs/heads/main")).isTrue();
    assertThat(github.concerns("git@GITHUB.example.com:customers/acme.git", null)).as("ref defaults to main").isTrue();
    assertThat(github.concerns("https://github.example.com/customers/acme.git", "release")).isFalse();
    assertThat(github.concerns("https://github.example.com/customers/acme-eu.git", "main")).isFalse();
    assertThat(github.concerns("https://gitlab.example.com/customers/acme.git", "main")).isFalse();
    assertThat(gitlab.concerns("https://ops:token@gitlab.example.com/customers/acme", "main")).isTrue();
    assertThat(gitlab.concerns("ssh://git@gitlab.example.com:2222/customers/acme.git", "main")).isTrue();
    assertThat(push(GitProvider.GITEA, "gitea-push.json").concerns("https://gitea.example.com/customers/acme.git", "main"))
        .as("a tag is no branch a loop follows").isFalse();
  }

  @Test
  void onlyRequestsSignedWithTheConfiguredSecretOrTokenAreTakenAsTheServers() throws Exception {
    byte[] body = Files.readAllBytes(FIXTURES.resolve("github-push.json"));
    String signature = HexFormat.of().formatHex(GitProvider.hmac("s3cret", body));

    assertThat(GitProvider.GITHUB.refusal(headers("X-Hub-Signature-256", "sha256=" + signature), body, "s3cret")).isNull();
    assertThat(GitProvider.GITHUB.refusal(headers(), body, "s3cret")).isEqualTo("unsigned: no X-Hub-Signature-256");
    assertThat(GitProvider.GITHUB.refusal(headers("X-Hub-Signature-256", "sha256=" + signature), body, "other"))
        .isEqualTo("wrong signature in X-Hub-Signature-256");
    assertThat(GitProvider.GITHUB.refusal(headers("X-Hub-Signature-256", "sha256=" + signature),
        "{\"ref\":\"refs/heads/evil\"}".getBytes(StandardCharsets.UTF_8), "s3cret")).as("another body")
        .isEqualTo("wrong signature in X-Hub-Signature-256");
    assertThat(GitProvider.GITHUB.refusal(headers("X-Hub-Signature-256", "sha1=ab"), body, "s3cret"))
        .isEqualTo("X-Hub-Signature-256 is not sha256=<hex>");
    assertThat(GitProvider.GITEA.refusal(headers("X-Gitea-Signature", signature), body, "s3cret")).isNull();
    assertThat(GitProvider.GITEA.refusal(headers("X-Gitea-Signature", "zz"), body, "s3cret")).isEqualTo("X-Gitea-Signature is not hex");
    assertThat(GitProvider.GITLAB.refusal(headers("X-Gitlab-Token", "t0ken"), body, "t0ken")).isNull();
    assertThat(GitProvider.GITLAB.refusal(headers("X-Gitlab-Token", "t0ke"), body, "t0ken")).isEqualTo("wrong X-Gitlab-Token");
    assertThat(GitProvider.of(headers("X-Gitea-Event", "push", "X-GitHub-Event", "push"))).as("Gitea sends both")
        .isEqualTo(GitProvider.GITEA);
    assertThat(GitProvider.of(headers("X-Other", "push"))).isNull();
  }
}
