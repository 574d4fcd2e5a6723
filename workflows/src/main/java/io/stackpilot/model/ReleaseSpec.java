package io.stackpilot.model;

import java.util.List;
import java.util.Map;

/**
 * One product release as read from {@code release.yaml}: services in Compose syntax, the database,
 * the files volume, the secrets a stack must provide, and the sizing profiles.
 */
public record ReleaseSpec(
    String release,
    Map<String, ServiceSpec> services,
    List<String> volumes,
    DatabaseSpec database,
    FilesSpec files,
    Map<String, SecretSpec> secrets,
    Map<String, Map<String, ResourceLimits>> sizing) {

  public ReleaseSpec {
    services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
    volumes = List.copyOf(volumes);
    secrets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secrets));
    sizing = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sizing));
  }

  /** The services enabled when {@code stack.yaml} names none: all but those marked optional. */
  public List<String> defaultServices() {
    return services.entrySet().stream().filter(e -> !e.getValue().optional()).map(Map.Entry::getKey).toList();
  }

  /** {@code binlog}: "forbidden" when stacks of the release may not archive the binary log; null or "allowed" otherwise. */
  public record DatabaseSpec(String service, String name, String rootPasswordSecret, String binlog) {
    public DatabaseSpec(String service, String name, String rootPasswordSecret) {
      this(service, name, rootPasswordSecret, null);
    }

    public boolean binlogForbidden() {
      return "forbidden".equals(binlog);
    }
  }

  /**
   * The files volume, and {@code owner} ({@code uid:gid}): whom every restored file belongs to, whatever numeric owner
   * a backup's archive names; null keeps the archive's owners.
   */
  public record FilesSpec(String volume, String owner) {}

  public record SecretSpec(String description, String target) {}

  public record ResourceLimits(MemorySize memory, double cpus) {}
}
