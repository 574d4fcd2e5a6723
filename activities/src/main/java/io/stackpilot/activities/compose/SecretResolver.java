package io.stackpilot.activities.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves secret references on the host agent: {@code env:NAME} from the agent's environment,
 * {@code file:/path} from a file on the host. Values stay on the host: they are written to the stack's
 * secrets directory and mounted, and never returned to a workflow.
 */
public final class SecretResolver {

  private final Map<String, String> environment;

  public SecretResolver(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static SecretResolver fromProcessEnvironment() {
    return new SecretResolver(System.getenv());
  }

  /** The value behind {@code reference}; it stays on this host. */
  public byte[] resolve(String name, String reference) {
    if (reference.startsWith("env:")) {
      String variable = reference.substring("env:".length());
      String value = environment.get(variable);
      if (value == null) {
        throw new MissingSecretException("secret " + name + ": environment variable " + variable
            + " is not set for the host agent");
      }
      return value.getBytes(StandardCharsets.UTF_8);
    }
    if (reference.startsWith("file:")) {
      Path file = Path.of(reference.substring("file:".length()));
      try {
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new MissingSecretException("secret " + name + ": file " + file + " does not exist on the host");
      } catch (IOException e) {
        throw new MissingSecretException("secret " + name + ": cannot read " + file + ": " + e.getMessage());
      }
    }
    throw new MissingSecretException("secret " + name + ": '" + reference.replaceAll(":.*", ":…")
        + "' is not a reference env:NAME or file:/path");
  }
}
