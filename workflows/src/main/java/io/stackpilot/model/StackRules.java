package io.stackpilot.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a stack.yaml may ask of the host it runs on, beyond its schema. One host agent serves many customers:
 * a stack names only its own customer's secrets (environment variables {@code <CUSTOMER>__…}, files under
 * {@code <secretsDir>/<customer>/}) and publishes host ports below 1024 only where the worker allows them.
 * The double underscore keeps customers apart: customer names hold no {@code --} and do not end in {@code -}, so no
 * customer's prefix begins another's ({@code acme} → {@code ACME__}, {@code acme-eu} → {@code ACME_EU__}), and the
 * worker's own variables, which never hold {@code __}, are no customer's.
 * {@code stackctl validate} applies {@link #DEFAULT}; the workers apply their configured rules.
 */
public record StackRules(String secretsDir, Map<String, List<String>> extraEnvPrefixes, Set<Integer> allowedLowPorts,
    String importsDir, StoreScopes backupStores) {

  public static final String DEFAULT_SECRETS_DIR = "/etc/stackpilot/secrets";
  /** Where {@code stackctl import} reads old installations' dumps and files on a host, and nowhere else. */
  public static final String DEFAULT_IMPORTS_DIR = "/var/lib/stackpilot/imports";
  public static final StackRules DEFAULT = new StackRules(DEFAULT_SECRETS_DIR, Map.of(), Set.of());

  public StackRules(String secretsDir, Map<String, List<String>> extraEnvPrefixes, Set<Integer> allowedLowPorts) {
    this(secretsDir, extraEnvPrefixes, allowedLowPorts, DEFAULT_IMPORTS_DIR);
  }

  public StackRules(String secretsDir, Map<String, List<String>> extraEnvPrefixes, Set<Integer> allowedLowPorts,
      String importsDir) {
    this(secretsDir, extraEnvPrefixes, allowedLowPorts, importsDir, StoreScopes.UNCONFINED);
  }

  public StackRules withBackupStores(StoreScopes changed) {
    return new StackRules(secretsDir, extraEnvPrefixes, allowedLowPorts, importsDir, changed);
  }

  /** Low ports every web stack needs; any other port below 1024 must be allowed by the worker configuration. */
  private static final Set<Integer> WEB_PORTS = Set.of(80, 443);

  public StackRules {
    extraEnvPrefixes = Map.copyOf(extraEnvPrefixes);
    allowedLowPorts = Set.copyOf(allowedLowPorts);
  }

  /** The prefix of the environment variables a customer's stack may name: {@code acme-eu} → {@code ACME_EU__}. */
  public static String envPrefix(String customer) {
    return customer.toUpperCase(Locale.ROOT).replace('-', '_') + CUSTOMER_SEPARATOR;
  }

  /** What separates a customer's name from the rest of its variables' names; the worker's own names never hold it. */
  public static final String CUSTOMER_SEPARATOR = "__";

  /**
   * Why {@code customer} (already of the schema's form) cannot have secrets of its own, or empty when it can: with
   * {@code --} or a trailing {@code -} its variables' prefix would begin another customer's.
   */
  public static Optional<String> customerRefusal(String customer) {
    if (customer.contains("--") || customer.endsWith("-")) {
      return Optional.of("'" + customer + "' holds '--' or ends in '-': its variables (" + envPrefix(customer)
          + "…) would overlap another customer's; use single '-' between letters and digits");
    }
    return Optional.empty();
  }

  /** The directory a customer's secret files live in. */
  public Path secretsDirOf(String customer) {
    return Path.of(secretsDir, customer);
  }

  /** Why {@code customer} may not use the secret reference, or empty when it may. */
  public Optional<String> refusal(String customer, String reference) {
    if (reference.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
      return Optional.of("holds a NUL or another control character, which no variable or file name has");
    }
    Optional<SecretRef> ref = SecretRef.parse(reference);
    if (ref.isEmpty()) {
      return Optional.of("must be a reference " + SecretRef.FORMS + ", not a secret value");
    }
    if (ref.get() instanceof SecretRef.Env env) {
      String variable = env.variable();
      List<String> allowed = new java.util.ArrayList<>(List.of(envPrefix(customer)));
      allowed.addAll(extraEnvPrefixes.getOrDefault(customer, List.of()));
      return allowed.stream().anyMatch(variable::startsWith) ? Optional.empty()
          : Optional.of("environment variable " + variable + " is not this customer's: the host agent serves many customers, "
              + "so a stack may only name variables starting with " + String.join(" or ", allowed));
    }
    String file = ((SecretRef.File) ref.get()).path();
    Path path = Path.of(file);
    Path dir = secretsDirOf(customer);
    boolean plain = path.normalize().toString().equals(file);
    return plain && path.startsWith(dir) && !path.equals(dir) ? Optional.empty()
        : Optional.of("file " + file + " is outside this customer's secrets directory: a stack may only name files under "
            + dir + "/ (no '..', no '//')");
  }

  /**
   * Why {@code stackctl import} may not read {@code path} on the host, by its name alone (the host agent then follows
   * links): it must be a plain absolute path below the import directory and outside the secrets directory.
   */
  public Optional<String> importRefusal(String path) {
    if (path.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
      return Optional.of("holds a control character");
    }
    Path p = Path.of(path);
    boolean plain = p.isAbsolute() && p.normalize().toString().equals(path);
    if (!plain || !p.startsWith(importsDir) || p.equals(Path.of(importsDir)) || p.startsWith(secretsDir)) {
      return Optional.of("is not below this host's import directory " + importsDir + "/ (an absolute path without "
          + "'..' or '//'): copy the dump and files there first");
    }
    return Optional.empty();
  }

  /** Why a stack may not publish {@code hostPort}, or empty when it may. */
  public Optional<String> portRefusal(int hostPort) {
    if (hostPort >= 1024 || WEB_PORTS.contains(hostPort) || allowedLowPorts.contains(hostPort)) {
      return Optional.empty();
    }
    Set<Integer> allowed = new TreeSet<>(WEB_PORTS);
    allowed.addAll(allowedLowPorts);
    return Optional.of("host port " + hostPort + " is below 1024: allowed there are " + allowed
        + "; others need ports.allowPrivileged in the worker configuration");
  }
}
