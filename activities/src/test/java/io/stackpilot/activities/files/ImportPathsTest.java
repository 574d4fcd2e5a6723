package io.stackpilot.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPathsTest {

  @TempDir
  Path dir;

  private StackRules rules() throws Exception {
    Files.createDirectories(dir.resolve("imports"));
    Files.createDirectories(dir.resolve("secrets/acme"));
    return new StackRules(dir.resolve("secrets").toString(), Map.of(), Set.of(), dir.resolve("imports").toString());
  }

  @Test
  void aFileBelowTheImportDirectoryIsRead() throws Exception {
    StackRules rules = rules();
    Path dump = Files.writeString(dir.resolve("imports/acme.sql"), "CREATE TABLE t (id INT);\n");

    assertThat(ImportPaths.resolve(rules, "db", dump.toString())).isEqualTo(dump.toRealPath());
  }

  @Test
  void anythingElseIsRefusedNamingOnlyThePathItWasGiven() throws Exception {
    StackRules rules = rules();
    Path secret = Files.writeString(dir.resolve("secrets/acme/db-root-password"), "sentinel-secret-value\n");
    Path link = Files.createSymbolicLink(dir.resolve("imports/linked.sql"), secret);
    for (String path : new String[] {"/etc/passwd", secret.toString(), dir + "/imports/../secrets/acme/db-root-password",
        dir + "/imports//acme.sql", "imports/acme.sql", dir + "/imports", dir + "/imports/x\u0000.sql"}) {
      assertThatThrownBy(() -> ImportPaths.resolve(rules, "db", path)).as(path)
          .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("db: '")
          .message().doesNotContain("sentinel-secret-value");
    }
    assertThatThrownBy(() -> ImportPaths.resolve(rules, "files", link.toString()))
        .hasMessageContaining("leads out of this host's import directory").message()
        .doesNotContain("sentinel-secret-value");
  }
}
