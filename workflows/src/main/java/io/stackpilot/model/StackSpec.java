package io.stackpilot.model;

import java.util.List;
import java.util.Map;

/**
 * The desired state of one customer's stack, as read from {@code stack.yaml} and validated.
 * Secrets are references ({@code env:NAME}, {@code file:/path}) only; the host agent resolves them.
 */
public record StackSpec(
    String customer,
    String release,
    String sizing,
    String host,
    Dns dns,
    List<String> services,
    Map<String, Map<String, String>> env,
    Map<String, Map<String, Integer>> ports,
    Map<String, String> secrets,
    BackupPolicy backup) {

  public StackSpec {
    services = List.copyOf(services);
    env = copyNested(env);
    ports = ports == null ? Map.of() : copyNested(ports);
    secrets = Map.copyOf(secrets);
  }

  /** This stack on another host: a migration backs it up and stops it where it ran before. */
  public StackSpec onHost(String otherHost) {
    return new StackSpec(customer, release, sizing, otherHost, dns, services, env, ports, secrets, backup);
  }

  /** The host port for {@code containerPort} of {@code service}: the stack's override, else {@code releaseDefault}. */
  public int hostPort(String service, int containerPort, int releaseDefault) {
    return ports.getOrDefault(service, Map.of()).getOrDefault(String.valueOf(containerPort), releaseDefault);
  }

  private static <V> Map<String, Map<String, V>> copyNested(Map<String, Map<String, V>> nested) {
    var copy = new java.util.LinkedHashMap<String, Map<String, V>>();
    nested.forEach((service, values) -> copy.put(service, Map.copyOf(values)));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
