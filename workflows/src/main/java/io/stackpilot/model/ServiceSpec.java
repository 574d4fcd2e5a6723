package io.stackpilot.model;

import java.util.List;
import java.util.Map;

/**
 * One service of a release, in the subset of the Compose Specification that Stackpilot reconciles.
 * {@code command} and {@code entrypoint} are normalised to lists, {@code depends_on} to a map of conditions, ports
 * and volumes read into {@link PortMapping} and {@link VolumeMount}.
 */
public record ServiceSpec(
    String image,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> environment,
    List<PortMapping> ports,
    List<VolumeMount> volumes,
    Map<String, String> dependsOn,
    Healthcheck healthcheck,
    String restart,
    List<String> secrets,
    boolean optional) {

  public ServiceSpec {
    command = command == null ? null : List.copyOf(command);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
    dependsOn = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dependsOn));
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
  }

  public record Healthcheck(List<String> test, String interval, String timeout, String startPeriod, Integer retries) {}
}
