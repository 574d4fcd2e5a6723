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

  /** The compose project name and Temporal workflow id of every operation on this stack. */
  public String workflowId() {
    return "stack-" + customer;
  }

  /** The task queue of the host agent that runs this stack's host activities. */
  public String hostTaskQueue() {
    return "host-" + host;
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
