package io.stackpilot.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreLocationTest {

  @Test
  void directoriesAndAzureContainersAreReadOnce() {
    assertThat(StoreLocation.parse("file:///mnt/backups/acme"))
        .contains(new StoreLocation.Directory(Path.of("/mnt/backups/acme")));
    assertThat(StoreLocation.parse("azure://acmebackups/nightly"))
        .contains(new StoreLocation.Azure("acmebackups", "nightly", null));
    assertThat(StoreLocation.parse("azure://acmebackups/nightly/stacks/eu"))
        .contains(new StoreLocation.Azure("acmebackups", "nightly", "stacks/eu"));
    assertThat(StoreLocation.parse("azure://acmebackups/nightly/stacks").orElseThrow().text())
        .isEqualTo("azure://acmebackups/nightly/stacks");
    assertThat(StoreLocation.parse("file:///mnt/backups").orElseThrow().text()).isEqualTo("file:///mnt/backups");
  }

  @Test
  void aReleaseStoreMayAlsoBeAPlainPath() {
    assertThat(StoreLocation.parseRelease("/srv/releases")).contains(new StoreLocation.Directory(Path.of("/srv/releases")));
    assertThat(StoreLocation.parse("/srv/releases")).isEmpty();
    assertThat(StoreLocation.parseRelease("/srv/../etc")).isEmpty();
  }

  @Test
  void everyOtherSpellingIsRefusedWithItsReason() {
    for (String notOne : List.of("s3://bucket/x", "azure://UPPER/c", "azure://acct/-x", "file:///a/../b", "file:///a//b",
        "file:///a/", "azure://acct/c?sig=x", "file:///a b", "file:///a%2e%2e", "relative/dir", "http://host/x")) {
      assertThat(StoreLocation.parse(notOne)).as(notOne).isEmpty();
      assertThat(StoreLocation.refusal(notOne)).as(notOne).isPresent();
    }
    assertThat(StoreLocation.refusal("s3://bucket/x")).contains("is not " + StoreLocation.FORMS);
    assertThat(StoreLocation.refusal("file:///a/../b")).contains("has a '..' segment; name the store's directory directly");
  }
}
