package io.stackpilot.activities.compose;

import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.model.ReleaseCatalog;
import io.stackpilot.model.StackRules;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.DesiredState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Stacks of the demo product for tests: a unique customer, a free web port, the sample release store. */
final class TestStacks {

  final String customer = "it-" + UUID.randomUUID().toString().substring(0, 8);
  /** The customer's own environment variable: the host agent reads no other customer's. */
  final String passwordVariable = StackRules.envPrefix(customer) + "DB_ROOT_PASSWORD";
  final SecretResolver secrets = new SecretResolver(java.util.Map.of(passwordVariable, "it-secret"), StackRules.DEFAULT);
  final int webPort = FreePorts.lasting();

  /** The sample stack as this test's customer on {@code release}, edited by {@code edit}, through the validator. */
  DesiredState stack(String release, UnaryOperator<String> edit) {
    return stack(release, edit, UnaryOperator.identity());
  }

  DesiredState stack(String release, UnaryOperator<String> edit, UnaryOperator<String> editRelease) {
    String yaml = read(Path.of("..", "config-samples", "customer-acme", "stack.yaml"))
        .replace("customer: acme", "customer: " + customer)
        .replace("release: 1.0.0", "release: " + release)
        .replace("env:ACME__DB_ROOT_PASSWORD", "env:" + passwordVariable)
        .replace("secrets:\n", "ports:\n  web: { \"8080\": " + webPort + " }\nsecrets:\n");
    DirectoryReleaseStore store = new DirectoryReleaseStore(TestEnvironment.releasesDir());
    ReleaseCatalog catalog = new ReleaseCatalog() {
      @Override
      public List<String> versions() {
        return store.versions();
      }

      @Override
      public Optional<String> releaseYaml(String version) {
        return store.releaseYaml(version).map(editRelease);
      }
    };
    ValidatedStack validated = StackValidator.validate(edit.apply(yaml), catalog).orThrow();
    return new DesiredState("file:///it/acme.git", "c0ffee" + release.replace(".", ""), validated.stack(), validated.release());
  }

  ComposeRenderer.Rendered render(DesiredState stack, Path dir) {
    ComposeRenderer.Rendered rendered = new ComposeRenderer(secrets).render(stack, dir);
    StackDirectory.write(rendered);
    return rendered;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
