package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.testing.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The vendor CI's step, as it types it: stackctl release publish builds the vanilla backup reproducibly, checks the
 * release against its registry and a throwaway MariaDB, and publishes write-once into a directory and into Azurite.
 */
class ReleasePublishIT {

  @TempDir
  Path temp;

  private record Cli(int exitCode, String out, String err) {}

  private static Cli stackctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = io.stackpilot.cli.Stackctl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Cli(cli.execute(args), out.toString(), err.toString());
  }

  /** The sources of sample release {@code version} (no built vanilla backup) under {@code dir}, as {@code as}. */
  private Path sources(String version, Path dir, String as) throws IOException {
    Path from = Path.of("..", "config-samples", "releases", version);
    Path to = dir.resolve(as);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path rel = from.relativize(p);
        if (rel.startsWith("vanilla") && !rel.startsWith("vanilla-src")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Path yaml = to.resolve("release.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("release: " + version, "release: " + as));
    return to;
  }

  @Test
  void releasesArePublishedCheckedAndNeverOverwritten() throws Exception {
    Path src = temp.resolve("src");
    Path store = temp.resolve("store");
    Path v100 = sources("1.0.0", src, "1.0.0");
    Path v110 = sources("1.1.0", src, "1.1.0");

    Cli first = stackctl("release", "publish", v100.toString(), "--to", store.toString(),
        "--docker-host", TestEnvironment.dockerHost());
    Cli second = stackctl("release", "publish", v110.toString(), "--to", "file://" + store,
        "--docker-host", TestEnvironment.dockerHost());
    byte[] builtOnce = Files.readAllBytes(v110.resolve("vanilla/db.sql.zst"));
    Cli again = stackctl("release", "publish", v110.toString(), "--to", store.toString(),
        "--docker-host", TestEnvironment.dockerHost());

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("checking migrations of 1.0.0 on an empty database (no older release in the store)")
        .contains("release 1.0.0 published in " + store.toUri() + ": 5 file(s) written, 0 already there");
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("checking migrations of 1.1.0 on an empty database and on the vanilla database of 1.0.0",
        "6 file(s) written");
    assertThat(again.exitCode()).as("the same bytes again: nothing to do").isZero();
    assertThat(again.out()).contains("0 file(s) written, 6 already there");
    assertThat(Files.readAllBytes(v110.resolve("vanilla/db.sql.zst"))).as("rebuilt byte for byte").isEqualTo(builtOnce);
    DirectoryReleaseStore published = new DirectoryReleaseStore(store);
    assertThat(published.versions()).containsExactly("1.0.0", "1.1.0");
    assertThat(published.vanillaManifest("1.1.0").schemaVersion()).isEqualTo("2");
    assertThat(published.vanillaManifest("1.1.0").kind()).isEqualTo("vanilla");

    Files.writeString(v110.resolve("vanilla-src/seed.sql"), "\nINSERT INTO app_settings VALUES ('x', 'y');\n",
        java.nio.file.StandardOpenOption.APPEND);
    Cli changed = stackctl("release", "publish", v110.toString(), "--to", store.toString(),
        "--docker-host", TestEnvironment.dockerHost());

    assertThat(changed.exitCode()).isEqualTo(2);
    assertThat(changed.err()).contains("release 1.1.0 is already published in " + store.toUri()
        + " with other bytes in 1.1.0/vanilla/db.sql.zst, 1.1.0/vanilla/manifest.json; a release store is write-once");
    assertThat(Files.readAllBytes(store.resolve("1.1.0/vanilla/db.sql.zst"))).as("untouched").isEqualTo(builtOnce);
  }

  @Test
  void aMigrationThatFailsAndAnImageThatIsMissingAreRefusedBeforeAnythingIsPublished() throws Exception {
    Path src = temp.resolve("src");
    Path store = temp.resolve("store");
    Path broken = sources("1.1.0", src, "1.2.0");
    Files.writeString(broken.resolve("migrations/V3__broken.sql"), "ALTER TABLE no_such_table ADD COLUMN x INT;\n");
    Path missing = sources("1.1.0", src, "1.3.0");
    Path yaml = missing.resolve("release.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("demo/web:1.1.0", "demo/web:no-such-tag"));

    Cli refusedMigration = stackctl("release", "publish", broken.toString(), "--to", store.toString(),
        "--docker-host", TestEnvironment.dockerHost());
    Cli refusedImage = stackctl("release", "publish", missing.toString(), "--to", store.toString(),
        "--docker-host", TestEnvironment.dockerHost());

    assertThat(refusedMigration.exitCode()).isEqualTo(2);
    assertThat(refusedMigration.err()).contains("the migrations of release 1.2.0 fail on an empty database")
        .contains("no_such_table");
    assertThat(refusedImage.exitCode()).isEqualTo(2);
    assertThat(refusedImage.err()).contains("image " + TestEnvironment.registry() + "/demo/web:no-such-tag is not in its "
        + "registry");
    assertThat(new DirectoryReleaseStore(store).versions()).as("nothing published").isEmpty();
  }

  @Test
  void aReleaseIsPublishedIntoAnAzureContainerWriteOnce() throws Exception {
    Path v100 = sources("1.0.0", temp.resolve("src"), "1.0.0");
    Path connection = Files.writeString(temp.resolve("azure"), TestEnvironment.azuriteConnectionString());
    String containerName = "releases-" + UUID.randomUUID().toString().substring(0, 8);
    BlobContainerClient container = new BlobServiceClientBuilder()
        .connectionString(TestEnvironment.azuriteConnectionString()).buildClient().getBlobContainerClient(containerName);
    String account = TestEnvironment.azuriteConnectionString().replaceAll(".*AccountName=([^;]+).*", "$1");
    String to = "azure://" + account + "/" + containerName + "/vendor";
    try {
      Cli published = stackctl("release", "publish", v100.toString(), "--to", to,
          "--azure-connection-string", "file:" + connection, "--docker-host", TestEnvironment.dockerHost());
      Cli again = stackctl("release", "publish", v100.toString(), "--to", to,
          "--azure-connection-string", "file:" + connection, "--docker-host", TestEnvironment.dockerHost());

      assertThat(published.exitCode()).as(published.out() + published.err()).isZero();
      assertThat(published.out()).contains("release 1.0.0 published in " + to + ": 5 file(s) written");
      assertThat(again.out()).contains("0 file(s) written, 5 already there");
      assertThat(container.listBlobs().stream().map(b -> b.getName()).toList()).containsExactlyInAnyOrderElementsOf(List.of(
          "vendor/1.0.0/release.yaml", "vendor/1.0.0/migrations/V1__baseline.sql", "vendor/1.0.0/vanilla/db.sql.zst",
          "vendor/1.0.0/vanilla/files.tar.zst", "vendor/1.0.0/vanilla/manifest.json"));
    } finally {
      container.deleteIfExists();
    }
  }
}
