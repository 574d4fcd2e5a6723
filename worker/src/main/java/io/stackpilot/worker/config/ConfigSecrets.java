package io.stackpilot.worker.config;

import static io.stackpilot.worker.config.ConfigNodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackpilot.model.SecretRef;
import io.stackpilot.model.StackRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's own credentials, as its configuration references them: read from the environment or a file, and kept
 * out of every stack's reach.
 */
final class ConfigSecrets {

  private final Map<String, String> environment;

  /** The references to the worker's own secrets in the file being read, by setting: no stack may reach them. */
  private final Map<String, SecretRef> ownSecrets = new LinkedHashMap<>();

  ConfigSecrets(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * A stack names secrets of its customer ({@code <CUSTOMER>__…}, files below {@code secrets.dir/<customer>/}) and the
   * prefixes the operator gives it: the worker's own credentials and keys must be none of these, or a stack could
   * mount them.
   */
  void outOfStacksReach(JsonNode root, StackRules rules, List<String> problems) {
    Map<String, SecretRef> own = new LinkedHashMap<>(ownSecrets);
    for (String key : List.of("temporal.tls.clientKey")) {
      if (text(root, key) != null) {
        own.put(key, new SecretRef.File(text(root, key)));
      }
    }
    JsonNode ssh = root.path("git").path("ssh");
    for (int i = 0; i < ssh.size(); i++) {
      if (ssh.get(i).path("privateKey").isTextual()) {
        own.put("git.ssh[" + i + "].privateKey", new SecretRef.File(ssh.get(i).path("privateKey").asText()));
      }
    }
    own.forEach((setting, reference) -> {
      if (reference instanceof SecretRef.Env env) {
        String variable = env.variable();
        if (variable.contains(StackRules.CUSTOMER_SEPARATOR)) {
          problems.add(setting + ": environment variable " + variable + " holds '" + StackRules.CUSTOMER_SEPARATOR
              + "', which marks a customer's variables (<CUSTOMER>" + StackRules.CUSTOMER_SEPARATOR
              + "NAME) that its stacks may read; name the worker's own without it");
        }
        rules.extraEnvPrefixes().forEach((customer, prefixes) -> prefixes.stream().filter(variable::startsWith).findFirst()
            .ifPresent(prefix -> problems.add(setting + ": environment variable " + variable + " starts with " + prefix
                + ", which secrets.allowedPrefixes." + customer + " lets that customer's stacks read")));
      } else if (reference instanceof SecretRef.File file
          && Path.of(file.path()).normalize().startsWith(Path.of(rules.secretsDir()))) {
        problems.add(setting + ": " + file.path() + " is below secrets.dir " + rules.secretsDir()
            + ", where customers' stacks read their secret files; keep the worker's own elsewhere");
      }
    });
  }

  /** A credential given as a reference: env:NAME from the worker's environment, file:/path from the host. */
  String secret(String reference, String setting, List<String> problems) {
    if (reference == null) {
      problems.add(setting + ": missing");
      return null;
    }
    Optional<SecretRef> ref = SecretRef.parse(reference);
    if (ref.isEmpty()) {
      problems.add(setting + ": must be a reference " + SecretRef.FORMS + ", not the secret itself");
      return null;
    }
    ownSecrets.put(setting, ref.get());
    try {
      String value = ref.get().read(environment);
      if (value == null) {
        problems.add(setting + ": environment variable " + ((SecretRef.Env) ref.get()).variable() + " is not set");
      }
      return ref.get() instanceof SecretRef.File ? value.trim() : value;
    } catch (IOException e) {
      problems.add(setting + ": cannot read " + ((SecretRef.File) ref.get()).path());
      return null;
    }
  }
}
