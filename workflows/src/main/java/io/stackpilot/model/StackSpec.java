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
    BackupPolicy backup,
    DrillPolicy drill,
    String drillProject,
    Map<String, String> labels,
    MaintenancePolicy maintenance) {

  public StackSpec {
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
    services = List.copyOf(services);
    env = copyNested(env);
    ports = ports == null ? Map.of() : copyNested(ports);
    secrets = Map.copyOf(secrets);
  }

  public StackSpec(String customer, String release, String sizing, String host, Dns dns, List<String> services,
      Map<String, Map<String, String>> env, Map<String, Map<String, Integer>> ports, Map<String, String> secrets,
      BackupPolicy backup) {
    this(customer, release, sizing, host, dns, services, env, ports, secrets, backup, null, null, null, null);
  }

  /** This stack on another host: a migration backs it up and stops it where it ran before. */
  public StackSpec onHost(String otherHost) {
    return new StackSpec(customer, release, sizing, otherHost, dns, services, env, ports, secrets, backup, drill,
        drillProject, labels, maintenance);
  }

  /**
   * A drill copy of this stack on {@code drillHost}: compose project {@code <customer>-drill}, its own network and
   * volumes, no published ports; the customer's secrets and backup store stay its own.
   */
  public StackSpec asDrill(String drillHost) {
    return new StackSpec(customer, release, sizing, drillHost, dns, services, env, Map.of(), secrets, backup, drill,
        customer + "-drill", labels, null);
  }

  /** The compose project its containers, network, volumes and directory are named after. */
  public String project() {
    return drillProject == null ? customer : drillProject;
  }

  /** A drill copy publishes no ports: it must not answer for the stack it copies. */
  public boolean drillCopy() {
    return drillProject != null;
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
