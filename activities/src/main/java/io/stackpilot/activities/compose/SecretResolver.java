package io.stackpilot.activities.compose;

import io.stackpilot.activities.Redaction;
import io.stackpilot.model.SecretRef;
import io.stackpilot.model.StackRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves secret references on the host agent: {@code env:NAME} from the agent's environment,
 * {@code file:/path} from a file on the host. The agent's {@link StackRules} are applied again before anything is
 * read — a stack reaches only its own customer's variables and files, also through symbolic links. Values stay on
 * the host: they are written to the stack's secrets directory and mounted, never returned to a workflow, and masked
 * in every message that leaves the agent.
 */
public final class SecretResolver {

  private final Map<String, String> environment;
  private final StackRules rules;

  public SecretResolver(Map<String, String> environment, StackRules rules) {
    this.environment = Map.copyOf(environment);
    this.rules = rules;
  }

  public static SecretResolver fromProcessEnvironment(StackRules rules) {
    return new SecretResolver(System.getenv(), rules);
  }

  /** The rules this agent applies to what a stack reaches on its host. */
  public StackRules rules() {
    return rules;
  }

  /** The value behind {@code reference} of {@code customer}'s secret {@code name}; it stays on this host. */
  public byte[] resolve(String customer, String name, String reference) {
    rules.refusal(customer, reference).ifPresent(why -> {
      throw new MissingSecretException("secret " + name + ": " + why);
    });
    SecretRef ref = SecretRef.parse(reference).orElseThrow();
    byte[] value = ref instanceof SecretRef.Env env ? fromEnvironment(name, env.variable())
        : fromFile(customer, name, Path.of(((SecretRef.File) ref).path()));
    Redaction.remember(value);
    return value;
  }

  private byte[] fromEnvironment(String name, String variable) {
    String value = environment.get(variable);
    if (value == null) {
      throw new MissingSecretException("secret " + name + ": environment variable " + variable
          + " is not set for the host agent");
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] fromFile(String customer, String name, Path file) {
    try {
      Path real = file.toRealPath();
      Path dir = rules.secretsDirOf(customer).toRealPath();
      if (!real.startsWith(dir) || !Files.isRegularFile(real)) {
        throw new MissingSecretException("secret " + name + ": " + file + " leads outside " + dir
            + " (a link or not a regular file); a stack reads only its own customer's secret files");
      }
      return Files.readAllBytes(real);
    } catch (NoSuchFileException e) {
      throw new MissingSecretException("secret " + name + ": file " + file + " does not exist on the host");
    } catch (IOException e) {
      throw new MissingSecretException("secret " + name + ": cannot read " + file + ": " + e.getMessage());
    }
  }
}
