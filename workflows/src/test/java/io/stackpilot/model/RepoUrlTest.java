package io.stackpilot.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rules on repo URLs match the URL, not its spelling. */
class RepoUrlTest {

  @Test
  void everySpellingOfOneRepoNormalisesAlike() {
    String canonical = "https://git.example.com/customers/acme.git";
    for (String url : new String[] {"https://git.example.com/customers/acme.git", "HTTPS://Git.Example.COM/customers/acme.git",
        "https://git.example.com:443/customers/acme.git", "https://git.example.com//customers/./acme.git",
        "https://git.example.com/other/../customers/acme.git", "https://git.example.com/%63ustomers/acme.git"}) {
      assertThat(RepoUrl.normalized(url)).as(url).contains(canonical);
    }
    for (String url : new String[] {"git@git.example.com:customers/acme.git", "ssh://git@git.example.com/customers/acme.git",
        "ssh://other@GIT.example.com:22/customers/acme.git", "git+ssh://git@git.example.com/customers//acme.git"}) {
      assertThat(RepoUrl.normalized(url)).as(url).contains("ssh://git.example.com/customers/acme.git");
    }
    assertThat(RepoUrl.normalized("ssh://git@git.example.com:2222/x")).contains("ssh://git.example.com:2222/x");
    assertThat(RepoUrl.normalized("file:///srv/git//acme.git")).contains("file:///srv/git/acme.git");
  }

  @Test
  void aUrlThatCannotBeReadIsCoveredByNoRuleAndSaidSo() {
    for (String url : new String[] {"", "https://git.example.com/../../x", "https://git.example.com/a b",
        "https://git.example.com/a?x=1", "https://git.example.com/%zz", "/srv/git/acme.git"}) {
      assertThat(RepoUrl.normalized(url)).as(url).isEmpty();
      assertThat(RepoUrl.covers("https://git.example.com/", url)).as(url).isFalse();
    }
  }

  @Test
  void aRuleCoversItsHostAndPathWhateverTheSpelling() {
    assertThat(RepoUrl.covers("https://git.example.com/customers/", "HTTPS://GIT.EXAMPLE.COM:443/customers/acme.git"))
        .isTrue();
    assertThat(RepoUrl.covers("ssh://git@git.example.com/customers/", "deploy@git.example.com:customers/acme.git")).isTrue();
    assertThat(RepoUrl.covers("https://git.example.com/customers/", "https://git.example.com/customers/../evil/x.git"))
        .isFalse();
    assertThat(RepoUrl.covers("https://git.example.com/customers/", "https://git.example.com.evil/customers/x.git"))
        .isFalse();
    assertThat(RepoUrl.covers("https://git.example.com:8443/customers/", "https://git.example.com/customers/x.git"))
        .as("a rule for one port").isFalse();
    assertThat(RepoUrl.covers("ssh://git@127.0.0.1/", "ssh://git@127.0.0.1:2222/acme.git")).as("a rule for the host")
        .isTrue();
  }
}
